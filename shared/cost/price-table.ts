import { z } from 'zod';
import { CostInputError } from './cost-input-error';

/**
 * Price tables: DynamoDB prices per region and table class, each dated and sourced.
 * Prices change (on-demand halved on 2024-11-01), so every number carries the day it
 * took effect and where it came from, and the operator can edit the table.
 */

/** The table classes DynamoDB prices separately. */
export const tableClassSchema = z.enum(['standard', 'standard-ia']);
export type TableClass = z.infer<typeof tableClassSchema>;

/** A calendar day, `YYYY-MM-DD`; such strings order correctly as text. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must be written YYYY-MM-DD')
  .refine((text) => isRealDate(text), 'not a real calendar date');
export type IsoDate = z.infer<typeof isoDateSchema>;

const usd = z.number().finite().nonnegative();

/** One reserved-capacity offer; AWS sells it in blocks of 100 WCU. */
export const reservedWcuOfferSchema = z.object({
  termYears: z.union([z.literal(1), z.literal(3)]),
  upfrontPer100WcuUsd: usd,
  hourlyPer100WcuUsd: usd,
});
export type ReservedWcuOffer = z.infer<typeof reservedWcuOfferSchema>;

/**
 * Prices for one region and class from one date on. Every price is optional so that an
 * entry can change only what changed (the Nov 2024 cut touched on-demand only) and a
 * user can override one number without restating the rest.
 */
export const priceEntrySchema = z.object({
  region: z.string().min(1),
  tableClass: tableClassSchema,
  effectiveFrom: isoDateSchema,
  source: z.string().min(1),
  onDemandWritePerMillionUsd: usd.optional(),
  onDemandReadPerMillionUsd: usd.optional(),
  provisionedWcuHourUsd: usd.optional(),
  provisionedRcuHourUsd: usd.optional(),
  storageGbMonthUsd: usd.optional(),
  s3ImportPerGbUsd: usd.optional(),
  reservedWcu: z.array(reservedWcuOfferSchema).optional(),
});
export type PriceEntry = z.infer<typeof priceEntrySchema>;

/** A whole price table as stored, shipped and edited. */
export const priceTableSchema = z.object({
  currency: z.literal('USD'),
  entries: z.array(priceEntrySchema),
});
export type PriceTable = z.infer<typeof priceTableSchema>;

/** The scalar prices an entry may carry; each is resolved on its own. */
export const priceComponents = [
  'onDemandWritePerMillionUsd',
  'onDemandReadPerMillionUsd',
  'provisionedWcuHourUsd',
  'provisionedRcuHourUsd',
  'storageGbMonthUsd',
  's3ImportPerGbUsd',
] as const;
export type PriceComponent = (typeof priceComponents)[number];

/** A price with its provenance, so a report can say which number it used and why. */
export interface ResolvedPrice {
  usd: number;
  effectiveFrom: IsoDate;
  source: string;
}

/** Every price in effect for one region, class and day; missing ones were never known. */
export interface ResolvedPrices {
  region: string;
  tableClass: TableClass;
  onDate: IsoDate;
  prices: Partial<Record<PriceComponent, ResolvedPrice>>;
  reservedWcu?: { offers: ReservedWcuOffer[]; effectiveFrom: IsoDate; source: string };
}

/** Words for a table class, as AWS writes it. */
export function tableClassLabel(tableClass: TableClass): string {
  return tableClass === 'standard' ? 'Standard' : 'Standard-IA';
}

/**
 * Validate a price table from outside (a user's file, the settings store). Throws with
 * every problem listed, because a half-valid price table would silently misprice.
 */
export function parsePriceTable(input: unknown): PriceTable {
  const parsed = priceTableSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'price table';
    return `${where}: ${issue.message}`;
  });
  throw new CostInputError(`The price table is not valid: ${problems.join('; ')}.`);
}

/** The regions a table has prices for, sorted, for error messages and pickers. */
export function knownRegions(table: PriceTable): string[] {
  return [...new Set(table.entries.map((entry) => entry.region))].sort();
}

/**
 * Resolve each price for (region, class, day) to the latest entry on or before that day
 * that sets it. Per-price resolution lets a dated user override replace one number while
 * the rest keep their own dates and sources.
 */
export function resolvePrices(
  table: PriceTable,
  region: string,
  tableClass: TableClass,
  onDate: IsoDate,
): ResolvedPrices {
  if (!isoDateSchema.safeParse(onDate).success) {
    throw new CostInputError(`The price date must be a real day written YYYY-MM-DD; got "${onDate}".`);
  }
  const forRegion = table.entries.filter((entry) => entry.region === region);
  if (forRegion.length === 0) {
    throw new CostInputError(
      `No prices are known for region "${region}". Known regions: ${knownRegions(table).join(', ')}. ` +
        'Add the region to your price table to estimate there.',
    );
  }
  const forClass = forRegion.filter((entry) => entry.tableClass === tableClass);
  if (forClass.length === 0) {
    const classes = [...new Set(forRegion.map((entry) => tableClassLabel(entry.tableClass)))].join(', ');
    throw new CostInputError(
      `No ${tableClassLabel(tableClass)} prices are known for ${region}; it has prices for: ${classes}.`,
    );
  }
  // Newest date first; among entries of the same date, the later one wins, so an edit
  // appended by mergePriceTables overrides exactly the prices it sets.
  const inEffect = forClass
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.effectiveFrom <= onDate)
    .sort((a, b) =>
      a.entry.effectiveFrom === b.entry.effectiveFrom
        ? b.index - a.index
        : a.entry.effectiveFrom < b.entry.effectiveFrom
          ? 1
          : -1,
    )
    .map(({ entry }) => entry);

  const prices: Partial<Record<PriceComponent, ResolvedPrice>> = {};
  for (const component of priceComponents) {
    const entry = inEffect.find((candidate) => candidate[component] !== undefined);
    const value = entry?.[component];
    if (entry && value !== undefined) {
      prices[component] = { usd: value, effectiveFrom: entry.effectiveFrom, source: entry.source };
    }
  }
  const resolved: ResolvedPrices = { region, tableClass, onDate, prices };
  const reserved = inEffect.find((candidate) => candidate.reservedWcu !== undefined);
  if (reserved?.reservedWcu) {
    resolved.reservedWcu = {
      offers: reserved.reservedWcu,
      effectiveFrom: reserved.effectiveFrom,
      source: reserved.source,
    };
  }
  return resolved;
}

/**
 * Lay a user's edited table over a base table. Edits are appended, and a later entry
 * beats an earlier one of the same date, so an edit replaces only the prices it sets
 * (each keeping its own source) and a newer date wins from that day on.
 */
export function mergePriceTables(base: PriceTable, edits: PriceTable): PriceTable {
  return { currency: 'USD', entries: [...base.entries, ...edits.entries] };
}

/**
 * Effective hourly price of one reserved WCU over its term: the upfront fee spread
 * over the term's hours plus the hourly fee, so it compares with on-demand WCU-hours.
 */
export function reservedWcuHourUsd(offer: ReservedWcuOffer): number {
  const termHours = offer.termYears * 365 * 24;
  return (offer.upfrontPer100WcuUsd / termHours + offer.hourlyPer100WcuUsd) / 100;
}

function isRealDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

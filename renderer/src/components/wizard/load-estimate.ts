import { gsiWriteCost } from '../../../../shared/capacity/gsi-write-cost';
import { utf8ByteLength, writeUnitsForSize } from '../../../../shared/capacity/item-size';
import type { SourcePreview, TableDetails } from '../../../../shared/contract';
import { builtinPriceTable, estimateAll, resolvePrices, type CostEstimate, type TableClass } from '../../../../shared/cost';
import type { SampleResult } from './sample-item';

/** What the wizard tells the operator before a load: how much, how long, what it costs. */
export interface LoadEstimate {
  averageRowBytes: number;
  items: number;
  averageItemBytes: number;
  baseWcuPerItem: number;
  gsiWcuPerItem: number;
  seconds: number;
  costs: CostEstimate[];
  costError: string | null;
  priceDate: string;
}

/**
 * Estimates a load from the preview: items = file size / average source row size (the
 * bytes the engine read for the preview's rows; re-serialised rows when it did not say),
 * the item sizes the engine's mapper measured on the sample (WCU rounded per item as
 * DynamoDB does) plus what each GSI that would hold the item costs (from the locally
 * mapped items, which carry their attributes), the duration at the rate, and the cost
 * per capacity mode from the shared cost model at today's built-in prices for the region.
 */
export function estimateLoad(preview: SourcePreview, itemSizesBytes: number[], localSamples: SampleResult[], details: TableDetails | null, region: string, rateWcuPerSecond: number, delimiter = ','): LoadEstimate | null {
  const items = localSamples.filter((s): s is Extract<SampleResult, { ok: true }> => s.ok);
  if (preview.rows.length === 0 || itemSizesBytes.length === 0) return null;
  const averageRowBytes = preview.previewBytes !== null && preview.previewBytes > 0
    ? preview.previewBytes / preview.rows.length
    : preview.rows.reduce((sum, row) => sum + rowBytes(row, preview, delimiter), 0) / preview.rows.length;
  const itemCount = Math.max(1, Math.round(preview.sizeBytes / Math.max(1, averageRowBytes)));
  const averageItemBytes = itemSizesBytes.reduce((s, x) => s + x, 0) / itemSizesBytes.length;
  const baseWcuPerItem = itemSizesBytes.reduce((s, x) => s + writeUnitsForSize(x), 0) / itemSizesBytes.length;
  const gsiWcuPerItem = details && items.length ? items.reduce((s, x) => s + gsiWriteCost(details, x.item).totalWcu, 0) / items.length : 0;
  const seconds = rateWcuPerSecond > 0 ? (itemCount * (baseWcuPerItem + gsiWcuPerItem)) / rateWcuPerSecond : Infinity;
  const priceDate = new Date().toISOString().slice(0, 10);
  let costs: CostEstimate[] = [];
  let costError: string | null = null;
  try {
    const tableClass: TableClass = details?.tableClass ?? 'standard';
    const prices = resolvePrices(builtinPriceTable, region, tableClass, priceDate);
    // The cost model charges the average item's size rounded up to whole KB: exact when
    // the sample's items fall in the same KB, as they usually do.
    costs = estimateAll({
      job: { items: itemCount, itemBytes: Math.max(1, Math.round(averageItemBytes)), gsiWcuPerItem, pacing: { kind: 'rate', writeWcuPerSecond: Math.max(1, rateWcuPerSecond) } },
      prices,
      modes: ['on-demand', 'autoscaling', 'fixed'],
      autoscaling: { targetUtilization: autoscalingTarget(details) },
    });
  } catch (e) {
    costError = (e as Error).message;
  }
  return { averageRowBytes, items: itemCount, averageItemBytes, baseWcuPerItem, gsiWcuPerItem, seconds, costs, costError, priceDate };
}

/** The mode that matches how the table is billed today, to mark it in the comparison. */
export function tableCostMode(details: TableDetails | null): CostEstimate['mode'] | null {
  if (!details) return null;
  if (details.billingMode === 'PAY_PER_REQUEST') return 'on-demand';
  return details.autoScaling?.some((a) => a.dimension === 'write') ? 'autoscaling' : 'fixed';
}

function autoscalingTarget(details: TableDetails | null): number {
  const t = details?.autoScaling?.find((a) => a.dimension === 'write')?.targetUtilization;
  if (t == null) return 0.7;
  const fraction = t > 1 ? t / 100 : t;
  return Math.min(0.9, Math.max(0.2, fraction));
}

function rowBytes(row: Record<string, unknown>, preview: SourcePreview, delimiter: string): number {
  if (preview.format === 'csv') {
    let bytes = 1;
    preview.columns.forEach((c, i) => {
      const v = row[c.name];
      bytes += (i ? delimiter.length : 0) + (v === undefined || v === null ? 0 : utf8ByteLength(typeof v === 'string' ? v : JSON.stringify(v)));
    });
    return bytes;
  }
  const text = preview.format === 'ddb-json' ? JSON.stringify({ Item: row }) : JSON.stringify(row);
  return utf8ByteLength(text) + 1;
}

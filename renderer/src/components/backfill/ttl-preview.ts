import type { AttributeSample } from '../../../../shared/contract';
import { ttlDateWords, ttlSecondsFor } from '../../../../shared/ttl-time';

/** What the TTLs add-ttl would write for the sampled items come to. */
export interface TtlPreview {
  /** Sampled items holding the date attribute. */
  withDate: number;
  /** Of those, whose date does not parse (the job rejects them). */
  notDates: number;
  earliest: number | null;
  latest: number | null;
  /** Computed TTLs at or before now: DynamoDB deletes those items soon after TTL is on. */
  inPast: number;
}

/** The TTLs the sample's date values give with `addDays` added (the job's own arithmetic). */
export function previewTtls(sample: AttributeSample, fromAttribute: string, addDays: number, nowSeconds: number): TtlPreview | null {
  const attribute = sample.attributes.find((a) => a.name === fromAttribute);
  if (!attribute || !Number.isFinite(addDays)) return null;
  const ttls = attribute.values.map((v) => ttlSecondsFor({ [v.type]: v.text }, addDays));
  const good = ttls.filter((t): t is number => t !== null);
  return {
    withDate: attribute.count,
    notDates: attribute.count - good.length,
    earliest: good.length ? Math.min(...good) : null,
    latest: good.length ? Math.max(...good) : null,
    inPast: good.filter((t) => t <= nowSeconds).length,
  };
}

/** An epoch-seconds TTL as a date with its number: `2025-03-31 00:00 UTC (1743379200)`. */
export function ttlWords(epochSeconds: number): string {
  return `${ttlDateWords(epochSeconds)} (${epochSeconds})`;
}

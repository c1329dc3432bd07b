import type { RejectLine } from '../job-report';
import type { RejectReasonCount } from '../job-status';

/** Reasons a live summary lists (the report's counts keep every reason). */
export const LISTED_REJECT_REASONS = 20;

/**
 * A reject's reason with its specifics folded out (quoted values, numbers), so alike
 * rejects group under one reason: the key of every count by reason, live and reported.
 */
export function summarizeReason(reason: string): string {
  // A number as the reasons write it ("410,022 bytes", "1.5") folds whole, not digit group by digit group.
  return reason.replace(/"[^"]*"/g, '"…"').replace(/\d+(?:[.,]\d+)*/g, 'N').slice(0, 160);
}

/**
 * Counts by reason as a list, most frequent first (ties by reason), at most
 * `LISTED_REJECT_REASONS`, each with the first record known for it (null when none is).
 */
export function rankRejectReasons(counts: Iterable<[string, number]>, exampleOf: (reason: string) => RejectLine | null): RejectReasonCount[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, LISTED_REJECT_REASONS)
    .map(([reason, count]) => ({ reason, count, example: exampleOf(reason) }));
}

/**
 * The reasons of a stored report (`rejects.byReason` and its first rejects) as the
 * dashboard lists them: for a run whose last snapshot predates the live counts, or a
 * fleet run, whose workers count reasons only for the report.
 */
export function reasonsFromReport(rejects: { byReason: Record<string, number>; sample: readonly RejectLine[] }): RejectReasonCount[] {
  return rankRejectReasons(Object.entries(rejects.byReason), (reason) => rejects.sample.find((line) => summarizeReason(line.reason) === reason) ?? null);
}

import { z } from 'zod';

/** Positions in the sandbox's hash space span 24 bits (dynalite orders items by an md5 prefix). */
export const HASH_SPACE = 0x1000000;

/**
 * How a table's simulated application ("organic") traffic behaves: a base rate in
 * capacity units per second, shaped over time (constant, or a daily sine compressed to
 * `periodMs`), with periodic spikes, spread uniformly or onto one hot key.
 */
export const organicTrafficSchema = z.object({
  writeUnitsPerSecond: z.number().min(0).default(0),
  readUnitsPerSecond: z.number().min(0).default(0),
  pattern: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('constant') }),
      z.object({
        kind: z.literal('sine'),
        /** One simulated "day" in ms (e.g. 10 minutes to watch a daily cycle quickly). */
        periodMs: z.number().positive(),
        /** 0..1: the rate swings between base x (1 - amplitude) and base x (1 + amplitude). */
        amplitude: z.number().min(0).max(1).default(0.5),
        phaseMs: z.number().default(0),
      }),
    ])
    .default({ kind: 'constant' }),
  spikes: z
    .array(
      z.object({
        everyMs: z.number().positive(),
        durationMs: z.number().positive(),
        multiplier: z.number().min(0),
        offsetMs: z.number().min(0).default(0),
      }),
    )
    .default([]),
  distribution: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('uniform') }),
      z.object({
        kind: z.literal('hot-key'),
        /** Share of the traffic that goes to one key's partition. */
        hotFraction: z.number().min(0).max(1),
        /** Hash position of the hot key (0..2^24-1); the middle of the key space by default. */
        hotKeyHash: z.number().int().min(0).max(HASH_SPACE - 1).default(HASH_SPACE / 2),
      }),
    ])
    .default({ kind: 'uniform' }),
  /** Size of the simulated items: sets units per request (1 KB => 1 WCU, 0.5 RCU eventually consistent). */
  itemSizeBytes: z.number().int().positive().max(400 * 1024).default(1024),
  consistentReads: z.boolean().default(false),
});

/** Organic traffic settings after defaults. */
export type OrganicTrafficConfig = z.infer<typeof organicTrafficSchema>;
/** Organic traffic settings as a user writes them (defaults optional). */
export type OrganicTrafficInput = z.input<typeof organicTrafficSchema>;

/** Organic counters of one minute, kept apart from bulk work so the app can prove it did not hurt. */
export interface OrganicMinute {
  minuteStartMs: number;
  writeUnitsRequested: number;
  writeUnitsServed: number;
  writeRequestsThrottled: number;
  readUnitsRequested: number;
  readUnitsServed: number;
  readRequestsThrottled: number;
}


import { z } from 'zod';

/**
 * Injectable faults for one scope (global or one table): a share of requests that fail
 * with 500 InternalServerError or 503 ServiceUnavailable, added latency, and a share
 * of connections dropped without an answer.
 */
export const faultSettingsSchema = z.object({
  /** 0..1: share of requests answered with a server error. */
  errorRate: z.number().min(0).max(1).default(0),
  /** 0..1: of those errors, the share that are 503 ServiceUnavailable (the rest are 500). */
  serviceUnavailableShare: z.number().min(0).max(1).default(0.5),
  /** Added latency per request in wall-clock ms. */
  latencyMs: z.number().min(0).max(60_000).default(0),
  /** 0..1: share of requests whose connection is destroyed without an answer. */
  dropRate: z.number().min(0).max(1).default(0),
});

/** Fault settings after defaults. */
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

/** Global faults plus per-table overrides (a table's settings replace the global ones for it). */
export const faultConfigSchema = z.object({
  global: faultSettingsSchema.default({ errorRate: 0, serviceUnavailableShare: 0.5, latencyMs: 0, dropRate: 0 }),
  tables: z.record(z.string(), faultSettingsSchema).default({}),
});

/** Fault configuration after defaults. */
export type FaultConfig = z.infer<typeof faultConfigSchema>;

/** A fresh configuration with no faults. */
export function noFaults(): FaultConfig {
  return faultConfigSchema.parse({});
}


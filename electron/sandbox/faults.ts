import type { FaultConfig } from '../../shared/sandbox/fault-config';

export { noFaults, faultConfigSchema, faultSettingsSchema, type FaultConfig, type FaultSettings } from '../../shared/sandbox/fault-config';

/** What to do to one request. */
export type FaultDecision =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'drop'; latencyMs: number }
  | { kind: 'error'; status: 500 | 503; latencyMs: number };

/**
 * Decides the fault for a request touching `tableNames`. The first table with its own
 * settings wins; random draws come from `random` so tests can make them certain.
 */
export function decideFault(config: FaultConfig, tableNames: string[], random: () => number): FaultDecision {
  let settings = config.global;
  for (const name of tableNames) {
    const own = config.tables[name];
    if (own) {
      settings = own;
      break;
    }
  }
  const latencyMs = settings.latencyMs;
  if (settings.dropRate > 0 && random() < settings.dropRate) return { kind: 'drop', latencyMs };
  if (settings.errorRate > 0 && random() < settings.errorRate) {
    return { kind: 'error', status: random() < settings.serviceUnavailableShare ? 503 : 500, latencyMs };
  }
  return { kind: 'none', latencyMs };
}

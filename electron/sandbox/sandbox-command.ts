import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { faultConfigSchema } from './faults';
import { organicTrafficSchema } from './organic-traffic';
import { startSandbox, type SandboxOptions } from './server';
import { DEFAULT_SANDBOX_PORT } from '../cli/connection-options';
import { collect } from '../cli/repeatable-option';
import { hostCheckFor } from '../host/host-header';
import { checkListenAddress, isWildcardHost, UNSAFE_LISTEN_FLAG } from '../host/listen-address';

/** Flags of `capstan sandbox` as commander hands them over (strings). */
export interface SandboxFlags {
  port: string;
  host: string;
  data?: string;
  config?: string;
  metricsDelayMs?: string;
  capacityUpdateDelayMs?: string;
  tableStatusDelayMs?: string;
  corsOrigin?: string;
  errorRate?: string;
  unavailableShare?: string;
  latencyMs?: string;
  dropRate?: string;
  unsafeListenBeyondLoopback?: boolean;
  allowedHost?: string[];
}

/** A `--config` file: faults, organic traffic per table and rule overrides, all optional. */
export const sandboxConfigFileSchema = z.object({
  faults: faultConfigSchema.optional(),
  organic: z.record(z.string(), organicTrafficSchema).optional(),
  metricsDelayMs: z.number().min(0).optional(),
  capacityUpdateDelayMs: z.number().min(0).optional(),
  tableStatusDelayMs: z.number().min(0).optional(),
  corsOrigins: z.array(z.string().min(1)).optional(),
  rules: z
    .object({
      burstSeconds: z.number().min(0),
      initialBurstSeconds: z.number().min(0),
      onDemandInitialPeakPerSecond: z.number().positive(),
      onDemandDoublingWindowMs: z.number().min(0),
      onDemandTableQuotaPerSecond: z.number().positive(),
      heatSplitAfterMs: z.number().min(0),
      heatThresholdFraction: z.number().positive(),
    })
    .partial()
    .optional(),
});

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${flag} must be a number, got "${value}"`);
  return n;
}

/**
 * Turns command-line flags (and an optional JSON config file) into sandbox options;
 * fault flags override the file's global faults.
 */
export function sandboxOptionsFromFlags(flags: SandboxFlags, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): SandboxOptions {
  const file = flags.config ? sandboxConfigFileSchema.parse(JSON.parse(readFile(flags.config))) : {};
  checkListenAddress(flags.host, flags.unsafeListenBeyondLoopback === true, 'The Capstan sandbox');
  const options: SandboxOptions = { host: flags.host, port: number('port', flags.port) ?? DEFAULT_SANDBOX_PORT, acceptHost: hostCheckFor(flags.host, flags.allowedHost ?? []) };
  if (flags.data) options.dataDir = flags.data;
  const metricsDelayMs = number('metrics-delay-ms', flags.metricsDelayMs) ?? file.metricsDelayMs;
  if (metricsDelayMs !== undefined) options.metricsDelayMs = metricsDelayMs;
  const capacityUpdateDelayMs = number('capacity-update-delay-ms', flags.capacityUpdateDelayMs) ?? file.capacityUpdateDelayMs;
  if (capacityUpdateDelayMs !== undefined) options.capacityUpdateDelayMs = capacityUpdateDelayMs;
  const tableStatusDelayMs = number('table-status-delay-ms', flags.tableStatusDelayMs) ?? file.tableStatusDelayMs;
  if (tableStatusDelayMs !== undefined) options.tableStatusDelayMs = tableStatusDelayMs;
  const corsOrigins = flags.corsOrigin !== undefined ? flags.corsOrigin.split(',').map((o) => o.trim()).filter(Boolean) : file.corsOrigins;
  if (corsOrigins !== undefined) options.corsOrigins = corsOrigins;
  if (file.rules) options.rules = file.rules;
  if (file.organic) options.organic = file.organic;
  const global: Record<string, number> = { ...(file.faults?.global ?? {}) };
  const overrides = {
    errorRate: number('error-rate', flags.errorRate),
    serviceUnavailableShare: number('unavailable-share', flags.unavailableShare),
    latencyMs: number('latency-ms', flags.latencyMs),
    dropRate: number('drop-rate', flags.dropRate),
  };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) global[key] = value;
  if (file.faults || Object.keys(global).length > 0) options.faults = faultConfigSchema.parse({ ...(file.faults ?? {}), global });
  return options;
}

/** Adds `capstan sandbox`: the embedded DynamoDB sandbox as a standalone server. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('serve the DynamoDB sandbox (DynamoDB, CloudWatch, Application Auto Scaling, S3 path-style) for any client')
    .option('--port <n>', 'port to listen on (0 picks a free one)', String(DEFAULT_SANDBOX_PORT))
    .option('--host <host>', `loopback address to listen on; another address needs ${UNSAFE_LISTEN_FLAG}`, '127.0.0.1')
    .option(UNSAFE_LISTEN_FLAG, 'allow --host to be an address other machines can reach (prints a warning; prefer ssh -L)')
    .option('--allowed-host <name>', 'a name besides 127.0.0.1/localhost/[::1] that clients may use to reach the sandbox (repeatable)', collect, [])
    .option('--data <dir>', 'keep items on disk in this folder (in memory otherwise)')
    .option('--config <file>', 'JSON file with faults, organic traffic per table and rule overrides')
    .option('--metrics-delay-ms <ms>', 'delay before a minute of CloudWatch metrics is published (default 60000)')
    .option('--capacity-update-delay-ms <ms>', 'how long UpdateTable capacity changes take (default 60000)')
    .option('--table-status-delay-ms <ms>', 'how long a new table stays CREATING and a deleted one DELETING (default 3000)')
    .option('--cors-origin <origins>', 'comma-separated web origins allowed to call the service APIs from a browser (* for any; none by default)')
    .option('--error-rate <0..1>', 'share of DynamoDB requests answered with a 500/503 error')
    .option('--unavailable-share <0..1>', 'share of injected errors that are 503 ServiceUnavailable (default 0.5)')
    .option('--latency-ms <ms>', 'latency added to every DynamoDB request')
    .option('--drop-rate <0..1>', 'share of DynamoDB requests whose connection is dropped')
    .action(async (flags: SandboxFlags) => {
      const sandbox = await startSandbox(sandboxOptionsFromFlags(flags));
      const { warning } = checkListenAddress(flags.host, flags.unsafeListenBeyondLoopback === true, 'The Capstan sandbox');
      if (warning) console.error(warning);
      const url = isWildcardHost(flags.host) ? `http://127.0.0.1:${sandbox.port}` : sandbox.url;
      console.log(`Capstan sandbox listening on ${url} (any keys are accepted, requests must be signed; admin API at ${url}/_sandbox/state)`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        void sandbox.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

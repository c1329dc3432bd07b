import type { Redis } from 'ioredis';

/** What a Redis server counts of the commands it ran, read with INFO: the benches' view of a node's load. */

/** Commands the server has processed since it started (INFO stats, total_commands_processed; commands inside scripts count). */
export async function totalCommands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Calls per command name since the server started (INFO commandstats). */
export async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

/** The calls per command between two readings, largest first. */
export function callsBetween(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after].map(([name, n]): [string, number] => [name, n - (before.get(name) ?? 0)]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
}

/** CPU seconds the server has used since it started (INFO cpu: used_cpu_user + used_cpu_sys, main thread and background). */
export async function serverCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

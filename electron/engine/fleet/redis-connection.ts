import { Redis, type RedisOptions } from 'ioredis';
import { FLEET_PREFIX, SHARD_QUEUE_NAME } from './fleet-keys';
import type { RedisTarget } from './redis-url';

export { parseRedisUrl, type RedisTarget } from './redis-url';

/**
 * Connections to the fleet's Redis (or Valkey): the queue URL read once, a first connection
 * that fails in words (unreachable, refused credentials, a server too old, a user without
 * the commands the fleet needs), and the options each kind of connection needs.
 */

/** The oldest server the fleet accepts: scripts that read TIME and write (effects replication), and BullMQ's commands. */
export const MIN_REDIS_VERSION = '6.2.0';

/** What a connection is for: they differ in how they wait out a lost server. */
export type RedisRole =
  /** Budget leases and control reads: fail at once while disconnected (the worker pauses), reconnect forever. */
  | 'budget'
  /** BullMQ workers, queues and subscribers: BullMQ requires commands to wait for the reconnect. */
  | 'queue';

/** ioredis options for a role. */
export function redisOptions(target: RedisTarget, role: RedisRole): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: { servername: target.host } } : {}),
    connectTimeout: 5000,
    lazyConnect: true,
    // Reconnect forever, at most every 2 s: a lost Redis pauses work, its return resumes it.
    retryStrategy: (attempt: number) => Math.min(2000, 100 * attempt),
    ...(role === 'budget' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
  };
}

/**
 * Opens a connection and checks the server: reachable, credentials accepted, version at least
 * MIN_REDIS_VERSION, scripts allowed. Every failure is an Error whose message says what to do.
 */
export async function openRedis(target: RedisTarget, role: RedisRole): Promise<Redis> {
  const redis = new Redis(redisOptions(target, role));
  // Errors while reconnecting are expected (the fleet pauses); the first connect reports them.
  // A refused password arrives here, while connect() only says the connection closed.
  let connectionError: unknown = null;
  redis.on('error', (error) => (connectionError = error));
  try {
    await redis.connect();
    await checkServer(redis, target);
    connectionError = null;
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new Error(explainRedisError(connectionError ?? error, target), { cause: error });
  }
}

async function checkServer(redis: Redis, target: RedisTarget): Promise<void> {
  const info = await redis.info('server');
  const version = /redis_version:([0-9.]+)/.exec(info)?.[1] ?? null;
  if (!version) throw new Error(`${target.display} did not say which Redis version it runs (INFO server)`);
  if (compareVersions(version, MIN_REDIS_VERSION) < 0) {
    throw new Error(`${target.display} runs Redis ${version}; a Capstan fleet needs Redis (or Valkey) ${MIN_REDIS_VERSION} or later`);
  }
  // A user (ACL) without EVAL, without the fleet's keys, or without its channels cannot run the
  // budget, BullMQ or the steering: find out now, not mid-job. A script that reads a key is
  // checked against the user's key patterns; PUBLISH against its channel patterns.
  for (const key of PROBE_KEYS) await redis.eval("return redis.call('EXISTS', KEYS[1])", 1, key);
  await redis.publish(PROBE_CHANNEL, '');
}

/** Keys like the ones the fleet uses (its own, and BullMQ's for the shard queue), read once at connect. */
const PROBE_KEYS = [`${FLEET_PREFIX}:probe`, `bull:${SHARD_QUEUE_NAME}:probe`];
/** A channel like the jobs' control channels. */
const PROBE_CHANNEL = `${FLEET_PREFIX}:probe`;

/** Compares dotted version numbers: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A Redis failure in words an operator can act on (never with a password in it). */
export function explainRedisError(error: unknown, target: RedisTarget): string {
  const e = (error ?? {}) as { message?: string; code?: string };
  const message = e.message ?? String(error);
  const text = `${e.code ?? ''} ${message}`;
  if (/NOPERM/i.test(text)) {
    return `The Redis user at ${target.display} may not run a command the fleet needs or use its keys or channels (${message}). Grant it +@all on keys capstan:* and bull:* and channels capstan:* (ACL SETUSER name +@all ~capstan:* ~bull:* &capstan:*), or use a user without ACL limits.`;
  }
  if (/WRONGPASS|NOAUTH|invalid (username-)?password|AUTH failed/i.test(text)) {
    return `${target.display} refused the credentials: put the right user and password in the queue URL (redis://USER:PASSWORD@HOST:PORT).`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ECONNRESET|connect ETIMEDOUT|Connection is closed|timed? ?out/i.test(text)) {
    return `Cannot reach Redis at ${target.display} (${(e.code ?? message).trim()}): is the server running, and does this machine's network reach it (security group, VPC)?`;
  }
  return `Redis at ${target.display}: ${message}`;
}

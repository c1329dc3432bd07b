import { DEFAULT_FLEET_RANGE_MB, fleetRangeMbProblem, fleetSpecSchema, queueUrlWithoutCredentials, type LoadFleetSpec } from '../../../../shared/fleet-status';

/**
 * The wizard's "Run on" choice as typed: this machine, or a fleet of `capstan worker`
 * processes behind a Redis (or Valkey) queue. The password has its own masked field; the
 * spec holds the queue without user or password, and the credentials go to the host once,
 * beside the spec, when the job starts.
 */

/** What the Run-on fields hold. */
export interface RunOnDraft {
  target: 'local' | 'fleet';
  /** `redis://[user@]host[:port][/db]` or `rediss://…`, without the password. */
  queueUrl: string;
  /** The Redis AUTH password (or the ACL user's), typed into a password field; may be empty. */
  password: string;
  /** A load's shard size for big objects, megabytes as typed (the spec's fleet.rangeMb). */
  rangeMb: string;
}

/** A new wizard runs on this machine. */
export const LOCAL_RUN: RunOnDraft = { target: 'local', queueUrl: '', password: '', rangeMb: String(DEFAULT_FLEET_RANGE_MB) };

/** Why the typed range shard size cannot be used, in words (the spec's own rule); null when it can. */
export function rangeMbProblem(text: string): string | null {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  const problem = fleetRangeMbProblem(value);
  return problem ? `The range shard size cannot be used: ${problem.replace(/not .*$/, `not "${text}"`)}.` : null;
}

/**
 * Why a fleet cannot run this source, or null when it can: workers on other machines
 * cannot read a path on the machine running Capstan, only S3.
 */
export function fleetSourceBlocker(sourcePath: string | null): string | null {
  if (sourcePath === null) return null;
  const path = sourcePath.trim();
  if (path === '' || /^s3:\/\//i.test(path)) return null;
  return `A fleet cannot read ${path}: its workers run on other machines and cannot read this machine's files. Put the data in S3 and use an s3://bucket/prefix/ source.`;
}

/**
 * Why a fleet cannot use this connection, or null when it can: the panel's built-in sandbox
 * lives inside this process, where workers cannot reach it.
 */
export function fleetConnectionBlocker(connectionKind: 'sandbox' | 'aws' | 'endpoint' | null): string | null {
  if (connectionKind !== 'sandbox') return null;
  return "A fleet cannot use the built-in sandbox: it runs inside this app, where workers cannot reach it. Start one with `capstan sandbox`, add it on the Connections page as an endpoint, and choose it.";
}

/** Why the fleet option is disabled for this job, or null. */
export function fleetBlocker(sourcePath: string | null, connectionKind: 'sandbox' | 'aws' | 'endpoint' | null): string | null {
  return fleetConnectionBlocker(connectionKind) ?? fleetSourceBlocker(sourcePath);
}

/**
 * Checks a queue URL the way the workers will read it, and says what is wrong in words;
 * null when it is good. A password written into the URL is not an error: `splitPassword`
 * moves it to the masked field first.
 */
export function queueUrlProblem(text: string): string | null {
  const value = text.trim();
  if (!value) return 'Give the queue URL: redis://HOST:PORT, or rediss://HOST:PORT for TLS (ElastiCache with in-transit encryption).';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL: write it as redis://HOST:PORT or rediss://HOST:PORT.`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `The queue URL must start with redis:// or rediss:// (TLS), not ${url.protocol}//.`;
  if (!url.hostname) return 'The queue URL names no host: redis://HOST:PORT.';
  if (url.port && (Number(url.port) < 1 || Number(url.port) > 65535)) return `Port ${url.port} is not a TCP port (1 to 65535).`;
  const db = url.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) return `After the port comes only a database number (redis://HOST:PORT/0), not /${db}.`;
  if (url.search || url.hash) return 'The queue URL takes no ?query or #fragment.';
  // The spec's own rule has the last word (a host name it cannot take, for instance).
  const checked = fleetSpecSchema.safeParse({ queue: queueUrlWithoutCredentials(value) });
  return checked.success ? null : `The queue URL cannot be used: ${checked.error.issues[0]?.message ?? 'it is not a redis:// URL'}.`;
}

/** True when the URL is on this machine's loopback: workers elsewhere cannot reach it. */
export function isLoopbackQueue(text: string): boolean {
  try {
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(new URL(text.trim()).hostname);
  } catch {
    return false;
  }
}

/**
 * Takes a password typed into the URL out of it: the URL field keeps `redis://user@host`,
 * the password goes to the masked field. Text that is not a URL is returned as it is.
 */
export function splitPassword(text: string): { queueUrl: string; password: string | null } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { queueUrl: text, password: null };
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.password) return { queueUrl: text, password: null };
  const password = decodeURIComponent(url.password);
  url.password = '';
  // URL keeps "user:@" when only the password is cleared; write the user alone.
  return { queueUrl: url.toString().replace(/:@/, '@'), password };
}

/**
 * The spec's fleet field: the queue without user or password (a spec is stored and embedded
 * in reports) and, for a load, the range shard size.
 */
export function fleetSpecOf(draft: RunOnDraft, kind: 'load' | 'backfill' = 'backfill'): LoadFleetSpec | undefined {
  if (draft.target !== 'fleet') return undefined;
  const queue = queueUrlWithoutCredentials(draft.queueUrl.trim());
  return kind === 'load' ? { queue, rangeMb: Number(draft.rangeMb) } : { queue };
}

/** The user and password the coordinator signs in to the queue with; sent once, with Start, beside the spec. */
export interface QueueCredentials {
  username: string | null;
  password: string;
}

/** The credentials typed for a fleet run, or undefined when there are none (or it runs here). */
export function queueCredentialsOf(draft: RunOnDraft): QueueCredentials | undefined {
  if (draft.target !== 'fleet') return undefined;
  let username: string | null;
  try {
    username = decodeURIComponent(new URL(draft.queueUrl.trim()).username) || null;
  } catch {
    return undefined;
  }
  if (!username && !draft.password) return undefined;
  return { username, password: draft.password };
}

/** Why Start must wait because of the Run-on choice, or null. A load (with a source path) also needs a usable range shard size. */
export function runOnBlocker(draft: RunOnDraft, sourcePath: string | null, connectionKind: 'sandbox' | 'aws' | 'endpoint' | null): string | null {
  if (draft.target === 'local') return null;
  return fleetBlocker(sourcePath, connectionKind) ?? queueUrlProblem(draft.queueUrl) ?? (sourcePath !== null ? rangeMbProblem(draft.rangeMb) : null);
}

/** The fleet's queue URL read once (no connection: this module loads no Redis client). */

/** A queue URL taken apart; `display` never shows a password. */
export interface RedisTarget {
  host: string;
  port: number;
  tls: boolean;
  username: string | null;
  password: string | null;
  db: number;
  /** `redis://host:port` (or rediss://, /db), safe for logs, reports and the dashboard. */
  display: string;
}

/** Reads `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS, as ElastiCache in-transit encryption needs). */
export function parseRedisUrl(text: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`The queue must be a URL like redis://HOST:PORT; got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`The queue must be a redis:// or rediss:// URL; got ${url.protocol}//`);
  }
  if (!url.hostname) throw new Error(`The queue URL names no host: ${JSON.stringify(text)}`);
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText && !/^\d+$/.test(dbText)) throw new Error(`The queue URL's path must be a database number; got /${dbText}`);
  const db = dbText ? Number(dbText) : 0;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const tls = url.protocol === 'rediss:';
  return {
    host,
    port,
    tls,
    username: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
    db,
    display: `${url.protocol}//${url.hostname}:${port}${db ? `/${db}` : ''}`,
  };
}

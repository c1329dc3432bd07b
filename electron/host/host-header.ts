import { hostForUrl, isWildcardHost } from './listen-address';

/** The names every local server answers to, whatever address it listens on. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The `Host` header values a server on `port` answers to: the loopback names, the
 * address it listens on (unless that is a wildcard such as 0.0.0.0) and any names the
 * operator added. Checking Host is what defeats DNS rebinding: a page on evil.example
 * that rebinds its name to 127.0.0.1 still sends `Host: evil.example`.
 */
export function servedHostHeaders(port: number, listenHost: string, extraNames: readonly string[] = []): Set<string> {
  const names = [...LOOPBACK_NAMES, ...(isWildcardHost(listenHost) ? [] : [listenHost]), ...extraNames];
  const served = new Set<string>();
  for (const name of names) {
    const host = hostForUrl(name);
    served.add(`${host}:${port}`);
    // Browsers leave the port out when it is the scheme's default.
    if (port === 80) served.add(host);
  }
  return served;
}

/** True when a request's Host header names this server. */
export function isServedHost(header: string | string[] | undefined, served: ReadonlySet<string>): boolean {
  return typeof header === 'string' && served.has(header.trim().toLowerCase());
}

/**
 * True when a browser's Origin header is one of this server's own pages; a request with
 * no Origin (a script or a CLI, not a browser page) is judged by its token alone.
 */
export function isOwnOrigin(origin: string | string[] | undefined, served: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || !origin.startsWith('http://')) return false;
  return served.has(origin.slice('http://'.length).toLowerCase());
}

/**
 * A Host check for a server listening on `listenHost`, judged against the port each
 * request arrived on (the sandbox learns its port only when it listens; `--port 0`).
 */
export function hostCheckFor(listenHost: string, extraNames: readonly string[] = []): (header: string | undefined, port: number) => boolean {
  const byPort = new Map<number, Set<string>>();
  return (header, port) => {
    let served = byPort.get(port);
    if (!served) {
      served = servedHostHeaders(port, listenHost, extraNames);
      byPort.set(port, served);
    }
    return isServedHost(header, served);
  };
}

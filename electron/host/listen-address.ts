import { isIPv4, isIPv6 } from 'node:net';

/**
 * The flag that lets web mode or the sandbox listen on an address other machines can
 * reach. Its name says what it costs: anyone who can reach the port may try the server.
 */
export const UNSAFE_LISTEN_FLAG = '--unsafe-listen-beyond-loopback';

/** The address without IPv6 brackets, lower case. */
function bare(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/**
 * True for addresses only this machine can reach: 127.0.0.0/8, ::1 (also IPv4-mapped)
 * and the name localhost.
 */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  if (h === 'localhost' || h === '::1') return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (isIPv6(h)) return /^::ffff:127\.\d+\.\d+\.\d+$/.test(h) || /^(0{1,4}:){7}0{0,3}1$/.test(h);
  return false;
}

/** True for the addresses that mean "every interface". */
export function isWildcardHost(host: string): boolean {
  const h = bare(host);
  return h === '0.0.0.0' || h === '::' || h === '';
}

/**
 * Checks an address a server is asked to listen on. Loopback is always fine; anything
 * else is refused with what to do instead, unless the operator opted in with
 * {@link UNSAFE_LISTEN_FLAG}, in which case the warning to print is returned.
 */
export function checkListenAddress(host: string, optedIn: boolean, server: string): { warning: string | null } {
  if (isLoopbackHost(host)) return { warning: null };
  const tunnel = `To reach ${server} on another machine, keep it on 127.0.0.1 there and tunnel to it: ssh -L <port>:127.0.0.1:<port> you@that-machine, then open the printed URL on this side.`;
  if (!optedIn) {
    throw new Error(`${server} listens on loopback only (127.0.0.1, ::1, localhost), not on "${host}": any machine that can reach that address could send it requests. ${tunnel} To listen on "${host}" anyway, add ${UNSAFE_LISTEN_FLAG}.`);
  }
  return {
    warning: `WARNING: ${server} listens on "${host}" (${UNSAFE_LISTEN_FLAG}): every machine that can reach this address and port can send it requests. Only do this on a network you trust. ${tunnel}`,
  };
}

/** An address as it appears in a URL or a Host header: IPv6 literals in brackets. */
export function hostForUrl(host: string): string {
  const h = bare(host);
  return isIPv6(h) ? `[${h}]` : h;
}

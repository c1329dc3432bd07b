import { upgradeHeaders, upgradeRequest, wsFrame, type RawStep } from './raw-http';
// Deterministic, so a failing case can be found again.
import { seededRandom } from '../../../electron/engine/source/seeded-random';

/** A named raw exchange the fuzz test sends. */
export interface FuzzCase {
  family: string;
  steps: RawStep[];
}

const BAD_PATHS = ['/%', '/%zz', '/%E0%A4%A', '/assets/%', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/a%00b', '//evil', '*', 'http://evil.example/', '/\u00ff\u00fe', '/ws%', '/ws?token=%'];
const BAD_HOSTS = ['a b', '', 'evil.example', 'evil.example:1', '127.0.0.1:1', '[::1', ':::', 'a\u0000b', 'x'.repeat(5000)];
const BAD_LINES = ['GET', 'GET /', 'BLAH / HTTP/1.1', 'GET / HTTP/9.9', 'GET / HTTP/1.1 extra', '\u0000\u0001\u0002', ' GET / HTTP/1.1', 'G\u00e9T / HTTP/1.1', 'CONNECT 127.0.0.1:22 HTTP/1.1', 'PRI * HTTP/2.0'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Random bytes, printable or not. */
function garbage(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** Messages an authorised client may send that are not valid calls, or calls with hostile payloads. */
function hostileJson(random: () => number): string {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  return pick(random, [
    '{', 'null', '[]', '42', '"x"', '{"id":"1","command":"listJobs"}', '{"id":1}', '{"id":1e999,"command":"listJobs"}',
    '{"id":1,"command":"__proto__","payload":{}}', '{"id":1,"command":"constructor","payload":{}}', '{"id":1,"command":"toString"}',
    '{"id":1,"command":"getRun","payload":{"jobId":"../../etc"}}', '{"id":1,"command":"resumeJob","payload":{"jobId":"../x"}}',
    '{"id":1,"command":"setJobRate","payload":{"jobId":"nope","wcuPerSecond":-1}}', '{"id":1,"command":"listJobs","payload":{"__proto__":{"polluted":true}}}',
    '{"id":1,"command":"previewSource","payload":{"path":"/nonexistent/%","rows":1}}', '{"id":1,"command":"startJob","payload":{"spec":{"kind":"load"}}}',
    '{"id":1,"command":"exportReport","payload":{"jobId":"x","format":"pdf"}}', `{"id":1,"command":"listJobs","payload":${deep(5_000)}}`, deep(100_000),
    '\ud800', `{"id":1,"command":"${'x'.repeat(100_000)}"}`,
  ]);
}

/** An authorised upgrade, then what the case sends over the open WebSocket. */
function afterAuth(port: number, token: string, frames: Buffer[], then: RawStep[] = []): RawStep[] {
  return [{ send: upgradeRequest(`/ws?token=${token}`, upgradeHeaders(`127.0.0.1:${port}`)) }, { waitFor: '\r\n\r\n' }, ...frames.map((send) => ({ send })), ...then];
}

/**
 * `count` malformed exchanges for web mode on `port`, cycling through families: bad
 * request lines and encodings, bad or missing Host, huge headers, broken bodies,
 * garbage and unauthorised upgrades, half-closed and reset sockets, protocol-breaking
 * WebSocket frames and hostile JSON from an authorised client.
 */
export function malformedRequests(port: number, token: string, count: number, seed = 12): FuzzCase[] {
  const random = seededRandom(seed);
  const host = `Host: 127.0.0.1:${port}`;
  const families: Record<string, () => RawStep[]> = {
    'bad path': () => [{ send: `GET ${pick(random, BAD_PATHS)} HTTP/1.1\r\n${host}\r\n\r\n` }],
    'bad request line': () => [{ send: `${pick(random, BAD_LINES)}\r\n${host}\r\n\r\n` }],
    'bad host': () => [{ send: `GET / HTTP/1.1\r\nHost: ${pick(random, BAD_HOSTS)}\r\n\r\n` }],
    'no or two hosts': () => [{ send: random() < 0.5 ? 'GET / HTTP/1.1\r\n\r\n' : `GET / HTTP/1.1\r\n${host}\r\nHost: evil.example\r\n\r\n` }],
    'huge header': () => [{ send: `GET / HTTP/1.1\r\n${host}\r\nX-Big: ${'a'.repeat(20_000 + Math.floor(random() * 80_000))}\r\n\r\n` }],
    'many headers': () => [{ send: `GET / HTTP/1.1\r\n${host}\r\n${Array.from({ length: 3_000 }, (_, i) => `X-${i}: y`).join('\r\n')}\r\n\r\n` }],
    'broken header': () => [{ send: `GET / HTTP/1.1\r\n${host}\r\n${pick(random, ['NoColon', ': empty', 'X: a\rb', 'X\u0000: y', 'Content-Length: -1', 'Content-Length: 1\r\nContent-Length: 2', 'Transfer-Encoding: chunked\r\nContent-Length: 3'])}\r\n\r\n` }],
    'broken body': () => [{ send: `POST / HTTP/1.1\r\n${host}\r\nTransfer-Encoding: chunked\r\n\r\n${pick(random, ['zz\r\n', 'ffffffffffffffffff\r\n', '5\r\nab'])}` }, { halfClose: true }],
    'garbage bytes': () => [{ send: garbage(random, 1 + Math.floor(random() * 4_000)) }],
    'half-closed mid-request': () => [{ send: `GET /assets/x.js HTTP/1.1\r\n${host}\r\nX-Partial: ` }, { halfClose: true }],
    'reset mid-request': () => [{ send: `GET / HTTP/1.1\r\n${host}\r\n` }, { destroy: true }],
    'silent then closed': () => [{ halfClose: true }],
    'upgrade with bad host': () => [{ send: upgradeRequest(`/ws?token=${token}`, upgradeHeaders(pick(random, BAD_HOSTS))) }],
    'upgrade with bad path or token': () => [{ send: upgradeRequest(pick(random, ['/ws', '/ws?token=wrong', '/ws?token=%', '/%', `/other?token=${token}`, `/ws?token=${token}%`]), upgradeHeaders(`127.0.0.1:${port}`)) }],
    'upgrade from another origin': () => [{ send: upgradeRequest(`/ws?token=${token}`, [...upgradeHeaders(`127.0.0.1:${port}`), `Origin: ${pick(random, ['http://evil.example', 'null', 'http://127.0.0.1:1', '%'])}`]) }],
    'garbage upgrade': () => [{ send: upgradeRequest(`/ws?token=${token}`, [`Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', pick(random, ['Sec-WebSocket-Key: ', 'Sec-WebSocket-Key: !!!', 'Sec-WebSocket-Version: 99', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99'])]) }],
    'upgrade then reset': () => [{ send: upgradeRequest(`/ws?token=${token}`, upgradeHeaders(`127.0.0.1:${port}`)).slice(0, 40 + Math.floor(random() * 60)) }, { destroy: true }],
    'bad frames': () => afterAuth(port, token, [pick(random, [
      wsFrame(1, Buffer.from('{"id":1,"command":"listJobs"}'), { mask: false }),
      wsFrame(3, Buffer.from('x')),
      wsFrame(1, Buffer.from('x'), { rsv: 7 }),
      wsFrame(1, Buffer.from([0xff, 0xfe, 0xfd])),
      wsFrame(1, Buffer.from('x'), { claimedLength: 2n ** 62n }),
      wsFrame(9, Buffer.alloc(200)),
      wsFrame(0, Buffer.from('continuation with nothing before')),
      wsFrame(1, Buffer.from('{"id":'), { fin: false }),
      garbage(random, 64),
    ])], random() < 0.5 ? [{ halfClose: true }] : []),
    'hostile JSON': () => afterAuth(port, token, [wsFrame(1, Buffer.from(hostileJson(random))), wsFrame(8, Buffer.from([0x03, 0xe8]))]),
  };
  const names = Object.keys(families);
  return Array.from({ length: count }, (_, i) => {
    const family = names[i % names.length]!;
    return { family, steps: families[family]!() };
  });
}

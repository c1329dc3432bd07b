import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the canned server received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: one per connection, so keep-alive reuse shows. */
  remotePort: number;
}

/** How the canned server answers one request: a status and JSON body, a reset connection, or silence. */
export type CannedAnswer =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'silent' };

/**
 * A tiny stand-in for DynamoDB on 127.0.0.1: it records every request and answers from a
 * queue of canned answers (200 with empty UnprocessedItems once the queue is empty), so a
 * test can drive every error path of a transport without a real endpoint.
 */
export async function startCannedServer() {
  const requests: RecordedRequest[] = [];
  const answers: CannedAnswer[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), remotePort: req.socket.remotePort ?? 0 });
      const answer = answers.shift() ?? { status: 200, body: { UnprocessedItems: {}, ConsumedCapacity: [] } };
      if ('kind' in answer) {
        if (answer.kind === 'reset') req.socket.destroy();
        else held.push(res);
        return;
      }
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': `req-${requests.length}`, ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Queues answers for the next requests, in order. */
    answer(...next: CannedAnswer[]) {
      answers.push(...next);
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

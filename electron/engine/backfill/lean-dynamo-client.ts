import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { credentialsFor, type ClientTarget } from '../dynamo/client-target';
import { amzDateClock, createLeanSigner, type SigningCredentials } from '../writer/lean-sigv4';
import { decodeWireError } from '../writer/lean-wire';

/** The data-plane calls a backfill makes, one item or one page at a time. */
export type LeanOperation = 'Scan' | 'Query' | 'GetItem' | 'UpdateItem' | 'DeleteItem' | 'PutItem';

/** A DynamoDB JSON 1.0 client for the data plane: send a body, get the parsed answer. */
export interface LeanDynamoClient {
  /** Sends one call; resolves with the parsed 200 answer, rejects with an SDK-shaped error otherwise. */
  call<T = Record<string, unknown>>(operation: LeanOperation, body: Record<string, unknown>): Promise<T>;
  destroy(): void;
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The backfill's data-plane path. A backfill makes one request per item (conditional
 * writes cannot be batched), so request overhead decides its speed: the SDK spends about
 * 1 ms of CPU per call in middleware and serde, this path a fraction of it. Items stay in
 * wire form from the Scan to the write (binary values remain base64 text), so nothing is
 * converted on the way. Errors carry the SDK's shape, so `classifyError` reads them.
 */
export function createLeanDynamoClient(target: ClientTarget, options: { maxSockets: number; requestTimeoutMs?: number }): LeanDynamoClient {
  const url = new URL(target.endpoint ?? `https://dynamodb.${target.region}.amazonaws.com`);
  const secure = url.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, keepAliveMsecs: 10_000, noDelay: true };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = secure ? httpsRequest : httpRequest;
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const path = url.pathname || '/';
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const amzDate = amzDateClock();
  const signers = new Map<LeanOperation, ReturnType<typeof createLeanSigner>>();
  const signerFor = (operation: LeanOperation) => {
    let signer = signers.get(operation);
    if (!signer) {
      signer = createLeanSigner({ region: target.region, service: 'dynamodb', host: url.host, path, contentType: CONTENT_TYPE, target: `DynamoDB_20120810.${operation}` });
      signers.set(operation, signer);
    }
    return signer;
  };
  const keys = keyCache(credentialsFor(target));
  let destroyed = false;

  return {
    async call<T>(operation: LeanOperation, payload: Record<string, unknown>): Promise<T> {
      const body = Buffer.from(JSON.stringify(payload), 'utf8');
      const credentials = await keys();
      const headers: Record<string, string | number> = {
        Host: url.host,
        'Content-Type': CONTENT_TYPE,
        'Content-Length': body.length,
        'X-Amz-Target': `DynamoDB_20120810.${operation}`,
        ...signerFor(operation)({ credentials, amzDate: amzDate(), body }),
      };
      const answer = await new Promise<{ status: number; text: string; response: IncomingMessage }>((resolve, reject) => {
        if (destroyed) {
          reject(Object.assign(new Error('The client is closed'), { name: 'AbortError' }));
          return;
        }
        const req = send({ agent, hostname: url.hostname, port, path, method: 'POST', headers, timeout: timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), response: res }));
        });
        req.on('timeout', () => req.destroy(Object.assign(new Error(`No answer from ${url.host} within ${timeoutMs} ms`), { name: 'TimeoutError' })));
        req.on('error', reject);
        req.end(body);
      });
      if (answer.status === 200) return JSON.parse(answer.text) as T;
      const header = (name: string) => {
        const value = answer.response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      throw decodeWireError(answer.status, answer.text, header('x-amzn-errortype'), header('x-amzn-requestid'));
    },
    destroy() {
      destroyed = true;
      agent.destroy();
    },
  };
}

type KeySource = ReturnType<typeof credentialsFor>;

/** Keys for signing, resolved once and refreshed ahead of expiry (profiles, SSO and roles hand out temporary keys). */
function keyCache(source: KeySource): () => Promise<SigningCredentials> {
  let cached: { keys: SigningCredentials; expiresAtMs: number } | null = null;
  let pending: Promise<SigningCredentials> | null = null;
  return async () => {
    if (cached && cached.expiresAtMs - Date.now() > REFRESH_MARGIN_MS) return cached.keys;
    if (typeof source !== 'function') {
      cached = { keys: source, expiresAtMs: Number.POSITIVE_INFINITY };
      return source;
    }
    pending ??= source()
      .then((identity) => {
        const keys: SigningCredentials = {
          accessKeyId: identity.accessKeyId,
          secretAccessKey: identity.secretAccessKey,
          ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}),
        };
        cached = { keys, expiresAtMs: identity.expiration ? identity.expiration.getTime() : Number.POSITIVE_INFINITY };
        return keys;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
}

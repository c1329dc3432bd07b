import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { amzDateClock, createLeanSigner, type SigningCredentials } from '../writer/lean-sigv4';
import { decodeWireError } from '../writer/lean-wire';
import { credentialsFor, type ClientTarget } from './client-target';

/** Static keys, or a provider of (possibly expiring) keys, as the AWS SDK's credential providers are. */
export type CredentialSource = SigningCredentials | (() => Promise<SigningCredentials & { expiration?: Date }>);

/** Options of a lean HTTP client. */
export interface LeanHttpOptions {
  /** Keep-alive sockets in this client's own pool. */
  maxSockets: number;
  /** A request whose socket stays silent this long fails with a TimeoutError (as the SDK's requestTimeout). */
  requestTimeoutMs?: number;
  /** Where keys come from; by default the target's own (`credentialsFor`). A provider's keys are refreshed before they expire. */
  credentials?: CredentialSource;
}

/** Posts signed DynamoDB JSON 1.0 calls; resolves with a 200 answer's text. */
export interface LeanHttp {
  /** Sends `body` as `DynamoDB_20120810.<operation>`; rejects with an SDK-shaped error for any other status. */
  post(operation: string, body: string): Promise<string>;
  destroy(): void;
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Refresh expiring credentials this long before they expire, so no request is signed with keys about to lapse. */
const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The data plane's wire: its own keep-alive pool, SigV4 on node:crypto (a signer per
 * operation, keys cached and refreshed ahead of expiry), one POST per call. The SDK spends
 * about 1 ms of CPU per request in middleware, serde and signing; this costs a fraction,
 * which is what lets two cores reach tens of thousands of items per second. Errors are
 * thrown shaped like the SDK's, so `classifyError` reads them the same way.
 */
export function createLeanHttp(target: ClientTarget, options: LeanHttpOptions): LeanHttp {
  const url = new URL(target.endpoint ?? `https://dynamodb.${target.region}.amazonaws.com`);
  const secure = url.protocol === 'https:';
  // noDelay: without it Nagle holds each small request back behind the previous one's ACK
  // (measured on loopback at 16 in flight: 2,900 requests/s without, 10,400 with).
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, keepAliveMsecs: 10_000, noDelay: true };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = secure ? httpsRequest : httpRequest;
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const path = url.pathname || '/';
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const amzDate = amzDateClock();
  const signers = new Map<string, ReturnType<typeof createLeanSigner>>();
  const signerFor = (operation: string) => {
    let signer = signers.get(operation);
    if (!signer) {
      signer = createLeanSigner({ region: target.region, service: 'dynamodb', host: url.host, path, contentType: CONTENT_TYPE, target: `DynamoDB_20120810.${operation}` });
      signers.set(operation, signer);
    }
    return signer;
  };
  const credentials = credentialCache(options.credentials ?? credentialsFor(target));
  let destroyed = false;

  return {
    async post(operation, text) {
      const body = Buffer.from(text, 'utf8');
      const keys = credentials.current() ?? (await credentials.refresh());
      const headers: Record<string, string | number> = {
        Host: url.host,
        'Content-Type': CONTENT_TYPE,
        'Content-Length': body.length,
        'X-Amz-Target': `DynamoDB_20120810.${operation}`,
        ...signerFor(operation)({ credentials: keys, amzDate: amzDate(), body }),
      };
      const { statusCode, answer, response } = await new Promise<{ statusCode: number; answer: string; response: IncomingMessage }>((resolve, reject) => {
        if (destroyed) {
          reject(Object.assign(new Error('The client is closed'), { name: 'AbortError' }));
          return;
        }
        const req = send({ agent, hostname: url.hostname, port, path, method: 'POST', headers, timeout: timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
            resolve({ statusCode: res.statusCode ?? 0, answer: all.toString('utf8'), response: res });
          });
        });
        req.on('timeout', () => {
          const error = new Error(`No answer from ${url.host} within ${timeoutMs} ms`);
          error.name = 'TimeoutError';
          req.destroy(error);
        });
        // Network errors keep their own name and `code` (ECONNRESET, ...): the classifier reads them.
        req.on('error', reject);
        req.end(body);
      });
      if (statusCode === 200) return answer;
      throw decodeWireError(statusCode, answer, headerOf(response, 'x-amzn-errortype'), headerOf(response, 'x-amzn-requestid'));
    },
    destroy() {
      destroyed = true;
      agent.destroy();
    },
  };
}

/**
 * Keys for signing, resolved once and refreshed ahead of expiry: a provider (profile,
 * SSO, instance role) returns temporary credentials, and one refresh serves every request
 * that needs it at the same moment.
 */
function credentialCache(source: CredentialSource) {
  let cached: (SigningCredentials & { expiresAtMs: number }) | null = null;
  let pending: Promise<SigningCredentials> | null = null;

  const adopt = (identity: SigningCredentials & { expiration?: Date }) => {
    cached = {
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}),
      expiresAtMs: identity.expiration ? identity.expiration.getTime() : Number.POSITIVE_INFINITY,
    };
    return cached;
  };

  if (typeof source !== 'function') adopt(source);

  return {
    /** The cached keys if they are good for a while yet, else null (then `refresh`). */
    current(): SigningCredentials | null {
      return cached && cached.expiresAtMs - Date.now() > CREDENTIAL_REFRESH_MARGIN_MS ? cached : null;
    },
    refresh(): Promise<SigningCredentials> {
      if (typeof source !== 'function') return Promise.resolve(cached!);
      pending ??= Promise.resolve(source())
        .then(adopt, (error: unknown) => {
          // Keys still valid (inside the refresh margin) keep working while the provider fails.
          if (cached && cached.expiresAtMs > Date.now()) return cached;
          throw error;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
  };
}

function headerOf(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

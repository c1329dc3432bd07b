import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ConnectionRef } from '../../../shared/job-spec';

/**
 * Where and as whom a DynamoDB client talks: plain data, so it can be handed to a worker
 * thread, which builds its own client and connection pool from it. It names a profile,
 * never holds keys.
 */
export interface ClientTarget {
  region: string;
  endpoint: string | null;
  auth: { kind: 'local' } | { kind: 'profile'; profile: string | null };
}

/**
 * Where a connection points. The embedded sandbox is known only to the engine that runs
 * it (Engine.targetFor answers for it first); anywhere else it is refused in words.
 */
export function targetOfConnection(ref: ConnectionRef): ClientTarget {
  switch (ref.kind) {
    case 'endpoint':
      return { region: ref.region, endpoint: ref.endpoint, auth: { kind: 'local' } };
    case 'aws':
      return { region: ref.region, endpoint: ref.endpoint ?? null, auth: { kind: 'profile', profile: ref.profile ?? null } };
    case 'sandbox':
      throw new Error('The embedded sandbox is not running in this process');
  }
}

/** Options of a client built for bulk work. */
export interface ClientOptions {
  /** Keep-alive sockets in this client's own pool. */
  maxSockets?: number;
  /** Abort a request that has not answered in this time. */
  requestTimeoutMs?: number;
}

/**
 * A DynamoDB client for bulk work: SDK retries off (the engine makes every retry its own
 * decision, so it can yield to organic traffic at once), its own keep-alive pool.
 */
export function createDynamoClient(target: ClientTarget, options: ClientOptions = {}): DynamoDBClient {
  const maxSockets = options.maxSockets ?? 16;
  // noDelay: Nagle would hold each small request behind the previous one's ACK
  // (10-15 ms per request on loopback, measured by bench/load-throughput.ts).
  const agentOptions = { keepAlive: true, maxSockets, keepAliveMsecs: 10_000, noDelay: true };
  return new DynamoDBClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    credentials: credentialsFor(target),
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      connectionTimeout: 5_000,
    }),
  });
}

/** The credentials provider for a target; a local endpoint (the sandbox) accepts any keys, so it gets fixed placeholders. */
export function credentialsFor(target: ClientTarget) {
  if (target.auth.kind === 'local') {
    return { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
  }
  return target.auth.profile ? fromIni({ profile: target.auth.profile }) : fromNodeProviderChain();
}

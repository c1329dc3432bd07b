import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { credentialsFor, type ClientTarget } from '../dynamo/client-target';

/**
 * An S3 client for a job's connection: the same region, credentials (profile, SSO, the
 * sandbox's placeholders) and endpoint as its DynamoDB client. A custom endpoint (the
 * sandbox, MinIO, a VPC endpoint) is addressed path-style, which every S3-compatible
 * server understands; real AWS keeps virtual-hosted style.
 */
export function createS3Client(target: ClientTarget, options: { maxSockets?: number; maxAttempts?: number } = {}): S3Client {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32, keepAliveMsecs: 10_000, noDelay: true };
  return new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint, forcePathStyle: true } : {}),
    credentials: credentialsFor(target),
    maxAttempts: options.maxAttempts ?? 3,
    // Checksums on request only: an S3-compatible server may not send or accept CRC trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: 5_000,
      requestTimeout: 60_000,
    }),
  });
}

/** Words for an S3 failure that name the object or bucket and say what to do. */
export function explainS3Error(error: unknown, what: string): string {
  const name = (error as { name?: string }).name ?? 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  switch (name) {
    case 'NoSuchBucket':
      return `${what}: the bucket does not exist`;
    case 'NoSuchKey':
    case 'NotFound':
      return `${what}: no such object`;
    case 'AccessDenied':
    case 'Forbidden':
      return `${what}: access denied (the connection's credentials may not read it)`;
    case 'PreconditionFailed':
      return `${what}: the object changed while it was being read (its ETag is no longer the one listed)`;
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
    case 'ExpiredToken':
      return `${what}: the connection's credentials were refused (${name}); for SSO run "aws sso login"`;
    default:
      if (status === 403) return `${what}: access denied (HTTP 403)`;
      return `${what}: ${name}${(error as Error).message ? ` (${(error as Error).message})` : ''}`;
  }
}

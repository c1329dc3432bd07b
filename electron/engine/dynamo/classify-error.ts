/**
 * Sorts a failed DynamoDB call into what the engine does about it: back off (throttle),
 * retry (transient), split the batch to find the bad item (validation), or stop the job
 * with words an operator understands (fatal).
 */

/** What kind of failure an error is, with the reasons a throttle carried. */
export type ErrorClass =
  | { kind: 'throttle'; reasons: string[] }
  | { kind: 'transient' }
  | { kind: 'validation'; message: string }
  | { kind: 'fatal'; name: string; message: string };

const THROTTLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  ThrottlingReasons?: { reason?: string; resource?: string }[];
  throttlingReasons?: { reason?: string; resource?: string }[];
}

/** Classifies an error thrown by the SDK or the HTTP layer. */
export function classifyError(error: unknown): ErrorClass {
  const e = (error ?? {}) as ErrorLike;
  const name = e.name ?? 'Error';
  if (THROTTLE_NAMES.has(name)) {
    // An index's reason keeps the index (as "<reason> <arn>"), so the diagnosis can name the GSI.
    const reasons = (e.ThrottlingReasons ?? e.throttlingReasons ?? []).map((r) =>
      r.reason?.startsWith('Index') && r.resource ? `${r.reason} ${r.resource}` : (r.reason ?? 'Unknown'),
    );
    return { kind: 'throttle', reasons: reasons.length ? reasons : [name] };
  }
  const status = e.$metadata?.httpStatusCode;
  if ((status !== undefined && status >= 500) || name === 'InternalServerError' || name === 'ServiceUnavailable') {
    return { kind: 'transient' };
  }
  if (e.code && TRANSIENT_CODES.has(e.code)) return { kind: 'transient' };
  if (name === 'TimeoutError' || name === 'AbortError' || /socket hang up|ECONNRESET|EPIPE|timed? ?out/i.test(e.message ?? '')) {
    return { kind: 'transient' };
  }
  if (name === 'ValidationException') return { kind: 'validation', message: e.message ?? 'validation failed' };
  return { kind: 'fatal', name, message: explainFatal(name, e.message ?? '') };
}

/** Words for the errors that stop a job. */
export function explainFatal(name: string, message: string): string {
  switch (name) {
    case 'ResourceNotFoundException':
      return `The table does not exist (or is not active) in this account and region: ${message}`;
    case 'AccessDeniedException':
      return `Access denied: the credentials in use may not write to this table. ${message}`;
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
      return `The credentials were rejected: ${message}`;
    case 'ExpiredTokenException':
      return `The session token has expired; sign in again (for SSO: aws sso login). ${message}`;
    default:
      return message ? `${name}: ${message}` : name;
  }
}

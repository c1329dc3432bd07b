/** An error answered by DynamoDB, shaped like the SDK's service exceptions so `classifyError` reads both alike. */
export interface WireError extends Error {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number; requestId?: string };
  ThrottlingReasons?: unknown;
  throttlingReasons?: unknown;
}

/**
 * Builds the error for a non-200 answer: the name is the part of `__type` after '#'
 * (`com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException`), else the
 * `x-amzn-errortype` header, else a name from the status; throttling reasons are copied.
 */
export function decodeWireError(statusCode: number, text: string, errorTypeHeader: string | undefined, requestId: string | undefined): WireError {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page, a truncated answer): the status decides.
  }
  const type = typeof parsed.__type === 'string' ? parsed.__type : (errorTypeHeader ?? '').split(':')[0]!;
  const name = type ? type.slice(type.lastIndexOf('#') + 1) : statusCode >= 500 ? 'InternalServerError' : 'UnknownError';
  const rawMessage = parsed.message ?? parsed.Message;
  const message = typeof rawMessage === 'string' ? rawMessage : text && !type ? `HTTP ${statusCode}: ${text.slice(0, 200)}` : `HTTP ${statusCode}`;
  const error = new Error(message) as WireError;
  error.name = name;
  error.$fault = statusCode >= 500 ? 'server' : 'client';
  error.$metadata = { httpStatusCode: statusCode, ...(requestId ? { requestId } : {}) };
  if (parsed.ThrottlingReasons !== undefined) error.ThrottlingReasons = parsed.ThrottlingReasons;
  if (parsed.throttlingReasons !== undefined) error.throttlingReasons = parsed.throttlingReasons;
  return error;
}

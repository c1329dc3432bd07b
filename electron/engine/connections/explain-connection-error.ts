/** A failed connection test in words: what happened and what to do. */
export interface ConnectionProblem {
  name: string;
  message: string;
  /** What to do about it, when there is something to do. */
  hint: string | null;
}

/**
 * Turns the errors a first call to DynamoDB can raise (credentials, SSO sessions, network,
 * permissions) into words an operator can act on.
 */
export function explainConnectionError(error: unknown, context: { profile: string | null; endpoint: string | null; region: string }): ConnectionProblem {
  const e = (error ?? {}) as { name?: string; message?: string; code?: string };
  const name = e.name ?? 'Error';
  const message = e.message ?? String(error);
  const profileFlag = context.profile ? ` --profile ${context.profile}` : '';
  const where = context.endpoint ?? `DynamoDB in ${context.region}`;
  if (/sso/i.test(message) && /(expired|refresh|token|session)/i.test(message)) {
    return { name: 'SsoSessionExpired', message: 'SSO session expired or missing.', hint: `Run \`aws sso login${profileFlag}\`, then test again.` };
  }
  if (name === 'CredentialsProviderError' || /could not load credentials|profile .* could not be found/i.test(message)) {
    return { name: 'NoCredentials', message: `No credentials could be loaded${context.profile ? ` for profile "${context.profile}"` : ''}.`, hint: 'Check ~/.aws/credentials and ~/.aws/config, or run `aws configure' + profileFlag + '`.' };
  }
  if (name === 'ExpiredTokenException' || /security token.*expired/i.test(message)) {
    return { name: 'ExpiredToken', message: 'The session token has expired.', hint: `Refresh the credentials${context.profile ? ` of profile "${context.profile}"` : ''} (for SSO: \`aws sso login${profileFlag}\`).` };
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException') {
    return { name, message: 'AWS rejected the credentials (unknown access key or wrong secret).', hint: 'Check the keys of this profile, and that the clock of this machine is right.' };
  }
  if (name === 'AccessDeniedException') {
    return { name, message: 'The credentials work, but may not list tables.', hint: 'Grant dynamodb:ListTables and dynamodb:DescribeTable, or pick a profile that has them.' };
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|TimeoutError/i.test(`${e.code ?? ''} ${name} ${message}`)) {
    return { name: 'Unreachable', message: `Cannot reach ${where}.`, hint: context.endpoint ? 'Is the endpoint running, and is its address right?' : 'Check the network, a proxy, and the region name.' };
  }
  return { name, message, hint: null };
}

/**
 * Sites the app may open in the operator's browser: the AWS documentation it links to.
 * `shell.openExternal` hands a URL to the operating system, which would as readily run
 * a `file:`, `smb:` or custom-scheme URL, so only these https hosts pass.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['docs.aws.amazon.com', 'aws.amazon.com'];

/** True when a URL may be opened in the browser: https, an allowed host, no credentials, default port. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname);
}

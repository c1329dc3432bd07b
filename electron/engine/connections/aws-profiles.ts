import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/** A profile from the standard AWS config and credentials files: its name and facts, never its keys. */
export interface AwsProfile {
  name: string;
  region: string | null;
  /** Signs in through IAM Identity Center (SSO); sessions expire and need `aws sso login`. */
  sso: boolean;
  /** Assumes a role from another profile or source. */
  assumesRole: boolean;
}

/**
 * Lists the profiles of ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE), the same files and rules the SDK's providers use.
 */
export async function listAwsProfiles(files: { configFilepath?: string; filepath?: string } = {}): Promise<AwsProfile[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ...files, ignoreCache: true });
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
  const profiles: AwsProfile[] = [];
  for (const name of names) {
    // The loader also returns sso-session and services sections, keyed with their prefix.
    if (name.includes(' ')) continue;
    const config = configFile[name] ?? {};
    profiles.push({
      name,
      region: config.region ?? null,
      sso: Boolean(config.sso_start_url ?? config.sso_session),
      assumesRole: Boolean(config.role_arn),
    });
  }
  return profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

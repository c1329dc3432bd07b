import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConnectionInfo } from '../../../shared/contract';
import type { ConnectionRef } from '../../../shared/job-spec';
import { writeJsonDurably } from '../checkpoint/checkpoint-file';
import { listAwsProfiles } from './aws-profiles';

/** The id of the built-in sandbox connection. */
export const SANDBOX_CONNECTION_ID = 'sandbox';

const savedEndpointSchema = z.object({
  id: z.string(),
  label: z.string(),
  endpoint: z.url(),
  region: z.string(),
  profile: z.string().nullable(),
});
type SavedEndpoint = z.infer<typeof savedEndpointSchema>;

/**
 * The connections an operator can pick: the embedded sandbox, every AWS profile of the
 * standard files (read fresh each time, so a new profile appears without a restart), and
 * custom endpoints the operator saved. Ids are stable: `sandbox`, `profile:<name>`,
 * `endpoint:<n>`. Nothing here ever holds a key.
 */
export class ConnectionRegistry {
  constructor(
    private readonly dataDir: string,
    private readonly sandboxUrl: () => string | null,
  ) {}

  /** Every connection, sandbox first. */
  async list(): Promise<ConnectionInfo[]> {
    const list: ConnectionInfo[] = [];
    const sandbox = this.sandboxUrl();
    if (sandbox) {
      list.push({ id: SANDBOX_CONNECTION_ID, label: 'Sandbox (embedded)', kind: 'sandbox', region: 'us-east-1', endpoint: sandbox, profile: null, sso: false });
    }
    let profiles: Awaited<ReturnType<typeof listAwsProfiles>> = [];
    try {
      profiles = await listAwsProfiles();
    } catch {
      // No or unreadable config files: no profile connections, the rest still works.
    }
    for (const p of profiles) {
      list.push({
        id: `profile:${p.name}`,
        label: `AWS · ${p.name}`,
        kind: 'aws',
        region: p.region ?? 'us-east-1',
        endpoint: null,
        profile: p.name,
        sso: p.sso,
      });
    }
    for (const e of await this.savedEndpoints()) {
      list.push({ id: e.id, label: e.label, kind: 'endpoint', region: e.region, endpoint: e.endpoint, profile: e.profile, sso: false });
    }
    return list;
  }

  /** The job-spec form of a connection. */
  async resolve(connectionId: string): Promise<ConnectionRef> {
    if (connectionId === SANDBOX_CONNECTION_ID) return { kind: 'sandbox' };
    const found = (await this.list()).find((c) => c.id === connectionId);
    if (!found) throw new Error(`Unknown connection "${connectionId}" (its profile may have been removed from the AWS config files)`);
    if (found.kind === 'endpoint') return { kind: 'endpoint', endpoint: found.endpoint!, region: found.region };
    return { kind: 'aws', region: found.region, ...(found.profile ? { profile: found.profile } : {}) };
  }

  /** Saves a custom endpoint (DynamoDB Local, another sandbox, a VPC endpoint). */
  async addEndpoint(input: { label: string; endpoint: string; region: string }): Promise<ConnectionInfo> {
    const saved = await this.savedEndpoints();
    const next = saved.reduce((max, e) => Math.max(max, Number(e.id.split(':')[1]) || 0), 0) + 1;
    const entry: SavedEndpoint = { id: `endpoint:${next}`, label: input.label, endpoint: input.endpoint, region: input.region, profile: null };
    await writeJsonDurably(this.file(), [...saved, entry]);
    return { id: entry.id, label: entry.label, kind: 'endpoint', region: entry.region, endpoint: entry.endpoint, profile: null, sso: false };
  }

  /** Forgets a saved endpoint. */
  async removeEndpoint(connectionId: string): Promise<void> {
    const saved = await this.savedEndpoints();
    await writeJsonDurably(this.file(), saved.filter((e) => e.id !== connectionId));
  }

  private async savedEndpoints(): Promise<SavedEndpoint[]> {
    try {
      return z.array(savedEndpointSchema).parse(JSON.parse(await readFile(this.file(), 'utf8')));
    } catch {
      return [];
    }
  }

  private file(): string {
    return join(this.dataDir, 'connections.json');
  }
}

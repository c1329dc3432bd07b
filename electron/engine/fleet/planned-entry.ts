import type { ClientTarget } from '../dynamo/client-target';
import { createS3Client } from '../s3/s3-client';
import type { SourceEntryRef } from '../shard/shard';
import type { ByteSource } from '../source/byte-source';
import { listByteSources } from '../source/list-source-files';

/**
 * The object a shard was planned on, found again by a worker: listed anew, and refused in
 * words when it is gone or changed since the plan (its size or ETag differ), because the
 * shard's byte range or row groups were cut from the object as it was then.
 */
export async function plannedEntry(entry: SourceEntryRef, target: ClientTarget | undefined): Promise<{ source: ByteSource; release(): void }> {
  const s3 = target ? createS3Client(target) : null;
  try {
    const listed = await listByteSources(entry.name, s3 ? { s3Client: () => s3 } : {});
    const found = listed.sources.find((s) => s.name === entry.name);
    if (!found) throw new Error(`${entry.name} is gone: it was listed when the job was planned`);
    if (found.sizeBytes !== entry.sizeBytes || (entry.version !== null && found.version !== entry.version)) {
      throw new Error(`${entry.name} changed since the job was planned (${entry.sizeBytes} bytes then, ${found.sizeBytes} now): its shards no longer match it`);
    }
    return { source: found, release: () => s3?.destroy() };
  } catch (error) {
    s3?.destroy();
    throw error;
  }
}

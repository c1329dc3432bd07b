import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectAuditLine } from '../../../shared/job-report';
import type { LoadSource } from '../../../shared/job-spec';
import type { ClientTarget } from '../dynamo/client-target';
import { auditObjects } from '../source/object-audit';
import type { ObjectSpan } from '../source/open-record-source';
import { createS3Client, explainS3Error } from './s3-client';
import { isS3Url, parseS3Url } from './s3-url';

/** The copy source header of an object: `bucket/key`, each key segment URL-encoded. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function isMissingKey(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}

/** True when the object is there (HEAD answers); false when S3 says it is not, or cannot say. */
async function exists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/**
 * After a completed load, copies each done object under the done prefix and each failed
 * one under the failed prefix (the key's part below the source's prefix kept), deleting
 * the original only when asked and only after its copy succeeded. A copy or delete that
 * fails is written on the object's audit line in words; the others go on. Running it again
 * is safe: with deleteOriginals, an object whose original is gone and whose copy is there
 * counts as moved (a job or coordinator that died mid-move, then resumed or attached).
 */
export async function moveFinishedObjects(client: S3Client, source: LoadSource, lines: ObjectAuditLine[]): Promise<ObjectAuditLine[]> {
  const after = source.afterLoad;
  if (!after || !isS3Url(source.path)) return lines;
  const base = parseS3Url(source.path).prefix;
  const baseFolder = base.endsWith('/') || base === '' ? base : base.slice(0, base.lastIndexOf('/') + 1);
  const moved: ObjectAuditLine[] = [];
  for (const line of lines) {
    const prefixUrl = line.state === 'done' ? after.donePrefix : line.state === 'failed' ? after.failedPrefix : undefined;
    if (!prefixUrl || !isS3Url(line.name)) {
      moved.push(line);
      continue;
    }
    const from = parseS3Url(line.name);
    const to = parseS3Url(prefixUrl);
    const relative = from.prefix.startsWith(baseFolder) ? from.prefix.slice(baseFolder.length) : from.prefix;
    const targetKey = `${to.prefix}${relative}`;
    const movedTo = `s3://${to.bucket}/${targetKey}`;
    try {
      await client.send(new CopyObjectCommand({ Bucket: to.bucket, Key: targetKey, CopySource: copySource(from.bucket, from.prefix) }));
    } catch (error) {
      // A move that ran before (a coordinator or job that died after deleting) left the copy and no original: that object is moved.
      if (after.deleteOriginals && isMissingKey(error) && (await exists(client, to.bucket, targetKey))) moved.push({ ...line, movedTo });
      else moved.push({ ...line, moveError: explainS3Error(error, `Copying ${line.name} to ${movedTo}`) });
      continue;
    }
    if (after.deleteOriginals) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: from.bucket, Key: from.prefix }));
      } catch (error) {
        moved.push({ ...line, movedTo, moveError: explainS3Error(error, `Deleting ${line.name} after copying it`) });
        continue;
      }
    }
    moved.push({ ...line, movedTo });
  }
  return moved;
}

/**
 * The audit of a load's objects at its end, and the done/failed copies the spec asks for
 * once the load completed (never before: moving objects would change what a resume lists).
 */
export async function auditLoadObjects(input: {
  spans: ObjectSpan[];
  isSettled: (ordinal: number) => boolean;
  rejectsPath: string;
  source: LoadSource;
  target: ClientTarget;
  completed: boolean;
  log: (level: 'info' | 'error', message: string) => void;
}): Promise<ObjectAuditLine[]> {
  const lines = await auditObjects(input.spans, input.isSettled, input.rejectsPath);
  if (!input.completed) return lines;
  return applyAfterLoad(lines, input.source, input.target, input.log);
}

/**
 * The source's `afterLoad` applied to a completed load's audit lines (a local load's, or a
 * fleet coordinator's summed from its shards): the copies and deletes done, each line
 * saying where its object went or why it could not, and the log told how many moved.
 */
export async function applyAfterLoad(lines: ObjectAuditLine[], source: LoadSource, target: ClientTarget, log: (level: 'info' | 'error', message: string) => void): Promise<ObjectAuditLine[]> {
  if (!source.afterLoad) return lines;
  const client = createS3Client(target);
  try {
    const moved = await moveFinishedObjects(client, source, lines);
    const copies = moved.filter((line) => line.movedTo && !line.moveError).length;
    if (copies > 0) log('info', `Copied ${copies} finished object(s) to the done/failed prefixes${source.afterLoad.deleteOriginals ? ' and deleted the originals' : ''}`);
    for (const line of moved) if (line.moveError) log('error', line.moveError);
    return moved;
  } finally {
    client.destroy();
  }
}

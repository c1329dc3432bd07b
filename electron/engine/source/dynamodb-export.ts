import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { listS3Objects } from '../s3/list-s3-objects';
import { s3ByteSource } from '../s3/s3-byte-source';
import { explainS3Error } from '../s3/s3-client';
import { isS3Url, parseS3Url } from '../s3/s3-url';
import { localByteSource, type ByteSource } from './byte-source';

const SUMMARY = 'manifest-summary.json';
const FILES = 'manifest-files.json';

/** The data files a DynamoDB export's `manifest-files.json` lists (JSON lines), by the base name of their key. */
function dataFileNames(manifest: string, where: string): string[] {
  const names: string[] = [];
  for (const [index, text] of manifest.split('\n').entries()) {
    if (!text.trim()) continue;
    let key: unknown;
    try {
      key = (JSON.parse(text) as { dataFileS3Key?: unknown }).dataFileS3Key;
    } catch {
      throw new Error(`${where}: line ${index + 1} is not JSON`);
    }
    if (typeof key !== 'string' || !key) throw new Error(`${where}: line ${index + 1} has no dataFileS3Key`);
    names.push(basename(key));
  }
  if (names.length === 0) throw new Error(`${where} lists no data files`);
  return names;
}

function checkSummary(text: string, where: string): void {
  let summary: { outputFormat?: string };
  try {
    summary = JSON.parse(text) as { outputFormat?: string };
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  if (summary.outputFormat && summary.outputFormat !== 'DYNAMODB_JSON') throw new Error(`${where}: the export is ${summary.outputFormat}; only DYNAMODB_JSON exports can be loaded`);
}

/** The folder a path names when it is a DynamoDB export (the folder, or its manifest-summary.json); null otherwise. */
async function localExportFolder(path: string): Promise<string | null> {
  if (basename(path) === SUMMARY) return dirname(path);
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) return null;
  return (await stat(join(path, SUMMARY)).catch(() => null)) ? path : null;
}

async function getText(client: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await answer.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return null;
    throw new Error(explainS3Error(error, `Reading s3://${bucket}/${key}`), { cause: error });
  }
}

/**
 * The data files of a DynamoDB export (local or in S3: the export's folder, with its
 * manifest-summary.json and manifest-files.json, and data/*.json.gz), in the manifest's
 * order; null when the path is not an export. A data file the manifest lists but the
 * folder lacks is an error that names it.
 */
export async function dynamoDbExportSources(path: string, s3Client: (() => S3Client) | undefined): Promise<ByteSource[] | null> {
  if (!isS3Url(path)) {
    const folder = await localExportFolder(path);
    if (!folder) return null;
    checkSummary(await readFile(join(folder, SUMMARY), 'utf8'), join(folder, SUMMARY));
    const names = dataFileNames(await readFile(join(folder, FILES), 'utf8').catch(() => ''), join(folder, FILES));
    return Promise.all(
      names.map((name) => localByteSource(join(folder, 'data', name)).catch(() => Promise.reject(new Error(`The export's data file ${join(folder, 'data', name)} is missing`)))),
    );
  }
  const address = parseS3Url(path);
  if (address.pattern) return null;
  const folderKey = address.prefix.endsWith(SUMMARY) ? address.prefix.slice(0, -SUMMARY.length) : address.isPrefix ? address.prefix : null;
  if (folderKey === null || !s3Client) return null;
  const client = s3Client();
  const summary = await getText(client, address.bucket, `${folderKey}${SUMMARY}`);
  if (summary === null) return null;
  const where = `s3://${address.bucket}/${folderKey}`;
  checkSummary(summary, `${where}${SUMMARY}`);
  const names = dataFileNames((await getText(client, address.bucket, `${folderKey}${FILES}`)) ?? '', `${where}${FILES}`);
  const listed = new Map((await listS3Objects(client, `${where}data/`)).map((object) => [basename(object.key), object]));
  return names.map((name) => {
    const object = listed.get(name);
    if (!object) throw new Error(`The export's data file ${where}data/${name} is missing`);
    return s3ByteSource(client, object);
  });
}

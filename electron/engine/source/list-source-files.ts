import type { S3Client } from '@aws-sdk/client-s3';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { listS3Objects } from '../s3/list-s3-objects';
import { s3ByteSource } from '../s3/s3-byte-source';
import { isS3Url } from '../s3/s3-url';
import { localByteSource, type ByteSource } from './byte-source';
import { dynamoDbExportSources } from './dynamodb-export';

/** What reading a source may need besides its path: an S3 client for `s3://` sources, made from the job's connection. */
export interface SourceAccess {
  s3Client?: () => S3Client;
}

/**
 * Resolves a source path to byte sources in one fixed order: the data files of a DynamoDB
 * export folder (local or S3, in its manifest's order), local files (one file, a folder or
 * a glob) or S3 objects (one object, a prefix or a glob, in S3's key order).
 */
export async function listByteSources(path: string, access: SourceAccess = {}): Promise<{ sources: ByteSource[]; dynamoDbExport: boolean }> {
  const exported = await dynamoDbExportSources(path, access.s3Client);
  if (exported) return { sources: exported, dynamoDbExport: true };
  if (isS3Url(path)) {
    if (!access.s3Client) throw new Error(`Source "${path}" is in S3, but no connection was given to read it with`);
    const client = access.s3Client();
    return { sources: (await listS3Objects(client, path)).map((object) => s3ByteSource(client, object)), dynamoDbExport: false };
  }
  return { sources: await Promise.all((await listSourceFiles(path)).map((file) => localByteSource(file))), dynamoDbExport: false };
}

/**
 * Resolves a source path (one file, a folder, or a glob) to files in one fixed order.
 * The order is part of every record's ordinal, so it must not depend on the file
 * system's listing order: paths are sorted by code unit, the same on every platform.
 */
export async function listSourceFiles(path: string): Promise<string[]> {
  const absolute = isAbsolute(path) ? path : resolve(path);
  let files: string[];
  if (isDynamicPattern(path)) {
    const { cwd, pattern } = globParts(absolute);
    files = await glob(pattern, { cwd, absolute: true, onlyFiles: true, dot: false });
  } else {
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new Error(`Source "${path}" does not exist`);
    if (info.isDirectory()) {
      // Hidden files (.DS_Store, .part downloads) are never data.
      files = await glob('**/*', { cwd: absolute, absolute: true, onlyFiles: true, dot: false });
    } else {
      files = [absolute];
    }
  }
  if (files.length === 0) throw new Error(`Source "${path}" matches no files`);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A glob split where it is walked from: the last folder before the first wildcard, and the rest. */
function globParts(absolute: string): { cwd: string; pattern: string } {
  const segments = absolute.split(sep);
  const firstDynamic = segments.findIndex((segment) => isDynamicPattern(segment));
  return { cwd: segments.slice(0, firstDynamic).join(sep) || sep, pattern: segments.slice(firstDynamic).join('/') };
}

/**
 * The one place a source path makes the engine look: the file, the folder, or the folder
 * a glob is walked from. A path check on it comes before any listing.
 */
export function sourceWalkRoot(path: string): string {
  const absolute = isAbsolute(path) ? path : resolve(path);
  return isDynamicPattern(path) ? globParts(absolute).cwd : absolute;
}

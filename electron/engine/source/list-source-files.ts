import { stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

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

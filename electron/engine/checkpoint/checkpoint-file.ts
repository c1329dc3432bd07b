import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a JSON document durably: to a temporary file, fsync, rename over the old one,
 * so a crash at any moment leaves either the previous checkpoint or the new one, never
 * half of one.
 */
export async function writeJsonDurably(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(value));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    // A half-written temporary file only takes space (a full disk): the previous document stays.
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Reads a JSON document, or null when the file does not exist. */
export async function readJsonIfExists<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

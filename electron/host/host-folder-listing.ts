import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { HostFolderEntry, HostFolderListing } from '../../shared/source-browsing';
import { PathNotAllowedError, type PathPolicy } from './path-guard';

/** Entries shown of one folder; a larger folder says it holds more. */
const MAX_ENTRIES = 2000;

/**
 * One host folder for the web file chooser, through the face's path policy: the folder
 * itself must be allowed (so `..` and a symlink leading out are refused in the policy's
 * words), and each entry is checked again, so a symlink inside an allowed folder that
 * points outside it is left out, as are hidden entries. Without a path, the allowed
 * roots are the entries (the desktop face, which is unconfined, starts at the home folder).
 */
export async function listHostFolder(path: string | undefined, policy: PathPolicy): Promise<HostFolderListing> {
  if (path === undefined) {
    const roots = policy.roots.length > 0 ? policy.roots : [homedir()];
    return { path: null, parent: null, entries: roots.map((root) => ({ name: root, path: root, kind: 'folder', sizeBytes: 0 })), truncated: false };
  }
  const real = await policy.check(path, 'read');
  const info = await stat(real).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`"${path}" cannot be listed: ${error.code === 'ENOENT' ? 'it does not exist' : error.message}`);
  });
  if (!info.isDirectory()) throw new Error(`"${path}" is a file, not a folder`);
  const names = (await readdir(real)).filter((name) => !name.startsWith('.')).sort((a, b) => a.localeCompare(b));
  const entries: HostFolderEntry[] = [];
  for (const name of names) {
    if (entries.length >= MAX_ENTRIES) break;
    const entry = await allowedEntry(join(real, name), policy);
    if (entry) entries.push(entry);
  }
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
  const atRoot = policy.roots.includes(real);
  const parent = atRoot ? null : await policy.check(dirname(real), 'read').then((p) => p, () => null);
  return { path: real, parent, entries, truncated: names.length > entries.length && entries.length >= MAX_ENTRIES };
}

/** An entry as the chooser shows it, or null when the policy refuses it or it vanished. */
async function allowedEntry(full: string, policy: PathPolicy): Promise<HostFolderEntry | null> {
  try {
    const real = await policy.check(full, 'read');
    const info = await stat(real);
    if (!info.isDirectory() && !info.isFile()) return null;
    return { name: basename(full), path: real, kind: info.isDirectory() ? 'folder' : 'file', sizeBytes: info.isDirectory() ? 0 : info.size };
  } catch (error) {
    if (error instanceof PathNotAllowedError || (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

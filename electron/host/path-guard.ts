import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** What a client wants to do with a path. */
export type PathAccess = 'read' | 'write';

/** A path a client named that this face does not let it reach; the message says what to do. */
export class PathNotAllowedError extends Error {
  override readonly name = 'PathNotAllowed';
}

/**
 * Which host paths a face lets its clients read and write. Web mode confines them to
 * folders the operator named at launch; the desktop app, whose paths come from native
 * dialogs and its own window, does not.
 */
export interface PathPolicy {
  /** Resolves symlinks and `..`, then returns the real path, or throws {@link PathNotAllowedError}. */
  check(path: string, access: PathAccess): Promise<string>;
  /** False when every path is allowed (no need to list a folder to check its files). */
  readonly confined: boolean;
  /** The real folders clients may reach (empty when unconfined). */
  readonly roots: readonly string[];
}

/** The desktop app's policy: the operator picks paths in native dialogs and the app's own window. */
export const unconfinedPaths: PathPolicy = {
  confined: false,
  roots: [],
  check: async (path) => path,
};

/** A path that names something other than a host file (an `s3://` URL, for instance). */
export function isHostPath(path: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(path);
  return !scheme || scheme[1]!.toLowerCase() === 'file';
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * The real path `path` names, as the file system will resolve it when the file is
 * opened: every symlink of the part that exists is followed (so `link/..` is resolved
 * after the link, as the kernel does), and the part that does not exist yet (a file
 * about to be written) is appended as written. A dangling symlink, or `..` in the part
 * that does not exist, has no honest answer and is refused.
 */
export async function realTarget(path: string, cwd = process.cwd()): Promise<string> {
  const text = path.startsWith('file://') ? decodeURIComponent(new URL(path).pathname) : path;
  // Join without normalising: `a/link/../b` must meet the link before the `..`.
  let existing = isAbsolute(text) ? text : `${cwd}${sep}${text}`;
  const missing: string[] = [];
  for (;;) {
    try {
      const real = await realpath(existing);
      if (missing.includes('..')) throw new PathNotAllowedError(`"${path}" climbs with ".." out of a folder that does not exist`);
      return join(real, ...missing.reverse().filter((part) => part !== '.' && part !== ''));
    } catch (error) {
      if (error instanceof PathNotAllowedError) throw error;
      if (codeOf(error) !== 'ENOENT' && codeOf(error) !== 'ENOTDIR') throw error;
      if (await lstat(existing).then(() => true, () => false)) throw new PathNotAllowedError(`"${path}" goes through a symbolic link that points nowhere`);
      const parent = dirname(existing);
      if (parent === existing) throw new PathNotAllowedError(`"${path}" does not resolve to a place on this machine`);
      missing.push(basename(existing));
      existing = parent;
    }
  }
}

/** How web mode confines client paths. */
export interface ConfinedPathOptions {
  /** Folders clients may read and write under (the working directory and the data folder by default). */
  roots: string[];
  /** Places under a root that clients may read but never write: the engine's own state. */
  writeProtected?: string[];
}

/**
 * Web mode's policy: a client may only reach paths under the roots the operator named
 * at launch, once symlinks and `..` are resolved; hidden files and folders below a root
 * (`.aws`, `.ssh`, `.env`) stay out of reach even when the root is a home folder; the
 * engine's own state is read-only. Every refusal says which folders are allowed and
 * how to add one.
 */
export async function confinedPaths(options: ConfinedPathOptions): Promise<PathPolicy> {
  const roots = [...new Set(await Promise.all(options.roots.map((root) => realTarget(root))))];
  const writeProtected = await Promise.all((options.writeProtected ?? []).map((place) => realTarget(place)));
  const under = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  const allowed = () => `Web mode lets clients reach files under ${roots.join(', ')} only; move the file there, or start capstan web with --allow-dir <folder>.`;
  return {
    confined: true,
    roots,
    async check(path, access) {
      const real = await realTarget(path);
      // The most specific root decides: a data folder ~/.capstan inside a root ~ is not "hidden".
      const root = roots.filter((r) => under(real, r)).sort((a, b) => b.length - a.length)[0];
      if (!root) throw new PathNotAllowedError(`"${path}" is outside the folders web mode may ${access}. ${allowed()}`);
      const hidden = relative(root, real).split(sep).find((part) => part.startsWith('.'));
      if (hidden) throw new PathNotAllowedError(`"${path}" is in or is a hidden file or folder ("${hidden}"), which web mode never lets clients ${access}. ${allowed()}`);
      if (access === 'write' && writeProtected.some((place) => under(real, place))) {
        throw new PathNotAllowedError(`"${path}" is part of Capstan's own job state, which clients may not write; choose another file.`);
      }
      return real;
    },
  };
}

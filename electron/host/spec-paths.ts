import type { JobSpec } from '../../shared/job-spec';
import { listSourceFiles, sourceWalkRoot } from '../engine/source/list-source-files';
import { isHostPath, type PathPolicy } from './path-guard';

/**
 * Checks a source path (a file, a folder or a glob) before anything reads it: first the
 * place the engine would look, so nothing outside is even listed, then every file it
 * names, so a symlink inside an allowed folder cannot lead out of it.
 */
export async function checkSourcePath(path: string, policy: PathPolicy): Promise<void> {
  if (!policy.confined || !isHostPath(path)) return;
  await policy.check(sourceWalkRoot(path), 'read');
  for (const file of await listSourceFiles(path)) await policy.check(file, 'read');
}

/**
 * The host paths a job spec reads or writes, checked against the face's policy. This is
 * the one list of them: a spec field that names a host file belongs here
 * (test/unit/host/spec-paths.test.ts fails when the schema grows one that is not).
 */
export async function checkSpecPaths(spec: JobSpec, policy: PathPolicy): Promise<void> {
  if (spec.kind === 'load') await checkSourcePath(spec.source.path, policy);
  if (spec.kind === 'backfill' && spec.operation.kind === 'find' && isHostPath(spec.operation.outputPath)) await policy.check(spec.operation.outputPath, 'write');
}

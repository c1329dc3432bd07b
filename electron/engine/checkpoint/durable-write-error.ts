import { dirname } from 'node:path';
import type { ErrorInfo } from '../../../shared/job-status';

/**
 * A failed write of a job's durable files (checkpoint, rejects, report, outputs) in
 * words the operator can act on: a full disk names the folder to free, anything else
 * names the file. The job fails with it; its last checkpoint is still whole.
 */
export function durableWriteError(error: unknown, fallbackDirectory: string): ErrorInfo {
  const e = error as NodeJS.ErrnoException;
  const folder = typeof e?.path === 'string' ? dirname(e.path) : fallbackDirectory;
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') {
    return { name: 'DiskFull', message: `The disk holding ${folder} is full: free space and resume the job. Its last checkpoint is whole and no written record is lost.` };
  }
  return { name: 'WriteFailed', message: `Could not write the job's files in ${folder}: ${e?.message ?? String(error)}. Resume the job once they can be written.` };
}

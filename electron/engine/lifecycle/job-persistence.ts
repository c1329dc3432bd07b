import { join } from 'node:path';
import type { JobReport } from '../../../shared/job-report';
import type { JobTick } from '../../../shared/job-status';
import { writeJsonDurably } from '../checkpoint/checkpoint-file';
import { fileCheckpointStore, type CheckpointStore } from './checkpoint-store';
import type { JobContext } from './engine-job';
import type { JobCheckpoint } from './job-checkpoint';
import { TickLog } from './tick-log';

/** A checkpoint as the lifecycle hands it over to be saved (its version is this file's to write). */
export type CheckpointContents<C, K> = Omit<JobCheckpoint<C, K>, 'version'>;

/**
 * What a job keeps so that it can be resumed after a stop or a crash, and read after it
 * ended: its checkpoint (`checkpoint.json` in its folder, or wherever the context's store
 * keeps it: a fleet shard's in Redis), the tick log in its folder, and `report.json`.
 * It knows the checkpoint's version, and refuses a checkpoint an older Capstan wrote.
 */
export class JobPersistence<C, K> {
  private readonly checkpoints: CheckpointStore;
  private readonly tickLog: TickLog;
  private readonly reportPath: string;

  constructor(context: Pick<JobContext, 'directory' | 'checkpoints'>) {
    this.checkpoints = context.checkpoints ?? fileCheckpointStore(context.directory);
    this.tickLog = new TickLog(join(context.directory, 'ticks.jsonl'));
    this.reportPath = join(context.directory, 'report.json');
  }

  /** The checkpoint to resume from, or null for a fresh start; throws `CheckpointVersion` for one an older Capstan wrote. */
  async loadCheckpoint(): Promise<JobCheckpoint<C, K> | null> {
    const checkpoint = (await this.checkpoints.load()) as JobCheckpoint<C, K> | null;
    if (checkpoint && checkpoint.version !== 2) {
      throw Object.assign(new Error(`The checkpoint in ${this.checkpoints.place} was written by an older Capstan (version ${String(checkpoint.version)}); start the job anew`), { name: 'CheckpointVersion' });
    }
    return checkpoint;
  }

  /** Every tick earlier runs logged; the log then goes on after them. */
  async loadTicks(): Promise<JobTick[]> {
    const ticks = await TickLog.read(this.tickLog.path);
    this.tickLog.resumeAfter(ticks.length);
    return ticks;
  }

  /** Logs the ticks not yet on disk, then saves the checkpoint `contents` builds once they are (so it counts the moment it is saved). */
  async saveCheckpoint(ticks: readonly JobTick[], contents: () => CheckpointContents<C, K>): Promise<void> {
    await this.tickLog.save(ticks);
    await this.checkpoints.save({ version: 2, ...contents() } as JobCheckpoint);
  }

  /** Writes the report durably (temp file, fsync, rename); rejects when it cannot. */
  writeReport(report: JobReport): Promise<void> {
    return writeJsonDurably(this.reportPath, report);
  }
}

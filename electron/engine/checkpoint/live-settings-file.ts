import { join } from 'node:path';
import { liveSettingsOf, type LiveSettings } from '../../../shared/resume-changes';
import type { JobSnapshot } from '../../../shared/job-status';
import { readJsonIfExists, writeJsonDurably } from './checkpoint-file';

const FILE = 'live-settings.json';

/**
 * The rate, rate mode and cost ceiling an operator set while a job ran, kept beside its
 * checkpoint (durably, one write at a time, only when they change) so that a resume,
 * even after a crash, starts from them instead of the rate the job was started with.
 */
export class LiveSettingsFile {
  private last = '';
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly directory: string) {}

  /** Records the snapshot's settings if they changed. */
  save(snapshot: JobSnapshot): void {
    const settings = liveSettingsOf(snapshot);
    const text = JSON.stringify(settings);
    if (text === this.last || snapshot.startedAtMs === null) return;
    this.last = text;
    this.chain = this.chain.then(() => writeJsonDurably(join(this.directory, FILE), settings)).catch(() => undefined);
  }

  /** Resolves when every write is on disk. */
  settled(): Promise<void> {
    return this.chain;
  }
}

/** The live settings a job left, or null. */
export async function readLiveSettings(directory: string): Promise<LiveSettings | null> {
  return readJsonIfExists<LiveSettings>(join(directory, FILE)).catch(() => null);
}

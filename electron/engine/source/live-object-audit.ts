import type { ObjectAuditLine } from '../../../shared/job-report';
import type { LiveObjectAudit } from '../../../shared/job-status';
import { auditObjects } from './object-audit';
import type { ObjectSpan } from './open-record-source';

/** Lines a snapshot carries at most (a prefix of 100,000 objects would make every snapshot megabytes). */
const MAX_LINES = 300;
/** A new count at most this often: it walks the ordinals of every object and reads the rejects file. */
const REFRESH_MS = 2_000;

/** Where a line goes in the live view: failed first, then objects being loaded, then the rest. */
function rank(line: ObjectAuditLine): number {
  if (line.state === 'failed') return 0;
  if (line.state === 'pending' && line.written + line.rejected > 0) return 1;
  return 2;
}

/** The snapshot's view of a set of audit lines: the lines most worth seeing, and counts over all. */
export function liveAuditOf(lines: ObjectAuditLine[], atMs: number): LiveObjectAudit {
  const ordered = lines.map((line, position) => ({ line, position })).sort((a, b) => rank(a.line) - rank(b.line) || a.position - b.position);
  return {
    lines: ordered.slice(0, MAX_LINES).map((o) => o.line),
    objects: lines.length,
    done: lines.filter((l) => l.state === 'done').length,
    failed: lines.filter((l) => l.state === 'failed').length,
    atMs,
  };
}

/**
 * The per-object audit of a running load, for its snapshot: counted again in the
 * background at most every two seconds (a snapshot never waits for it), and replaced by
 * the final audit (with the done/failed copies) when the load closes.
 */
export class LiveObjectAuditor {
  private current: LiveObjectAudit | undefined;
  private counting = false;
  private countedAtMs = Number.NEGATIVE_INFINITY;
  private final = false;

  constructor(private readonly input: {
    spans: () => ObjectSpan[];
    isSettled: (ordinal: number) => boolean;
    rejectsPath: string;
    now: () => number;
  }) {}

  /** The latest count; starts a new one when the last is older than two seconds. */
  view(): LiveObjectAudit | undefined {
    const now = this.input.now();
    if (!this.final && !this.counting && now - this.countedAtMs >= REFRESH_MS) {
      this.counting = true;
      this.countedAtMs = now;
      auditObjects(this.input.spans(), this.input.isSettled, this.input.rejectsPath)
        .then((lines) => {
          if (!this.final) this.current = liveAuditOf(lines, this.input.now());
        }, () => undefined)
        .finally(() => {
          this.counting = false;
        });
    }
    return this.current;
  }

  /** The audit the report holds: kept from now on. */
  settle(lines: ObjectAuditLine[]): void {
    this.final = true;
    this.current = liveAuditOf(lines, this.input.now());
  }
}

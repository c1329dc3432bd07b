import { useEffect, useState } from 'react';
import { command } from '../../api/command';
import type { QueueCredentials } from '../wizard/run-on-draft';
import './fleet.css';

/** The queue sign-in of a fleet run about to run again: held by the host, asked for, or being checked. */
export interface FleetSignIn {
  /** null while the host is asked; true when it holds the sign-in for this session. */
  held: boolean | null;
  user: string;
  password: string;
}

/** Asks the host once whether it still holds the queue's sign-in from earlier in this session. */
export function useFleetSignIn(queue: string | null): [FleetSignIn, (next: FleetSignIn) => void] {
  const [signIn, setSignIn] = useState<FleetSignIn>({ held: null, user: '', password: '' });
  useEffect(() => {
    if (!queue) return;
    let live = true;
    command('queueSignInHeld', { queue }).then(
      (answer) => live && setSignIn((s) => ({ ...s, held: answer.held })),
      // A host that cannot say is treated as not holding it: the operator types it (or leaves it empty).
      () => live && setSignIn((s) => ({ ...s, held: false })),
    );
    return () => {
      live = false;
    };
  }, [queue]);
  return [signIn, setSignIn];
}

/** What goes beside the spec on Start: the typed sign-in, or nothing when the host holds it (or none was typed). */
export function signInCredentials(signIn: FleetSignIn): QueueCredentials | undefined {
  if (signIn.held !== false || (!signIn.user.trim() && !signIn.password)) return undefined;
  return { username: signIn.user.trim() || null, password: signIn.password };
}

/**
 * The fleet part of "Run again": the run stays on the fleet it ran on (the spec keeps the
 * queue, never its password). The host keeps a queue's password in memory only, for the
 * session: when it still holds it nothing is asked; when it does not (the app started again
 * since, or the run was started from a terminal), the user and password are asked again,
 * in words, in masked fields.
 */
export function ReviewFleetSignIn({ queue, rangeMb, value, onChange }: {
  queue: string;
  /** A load's range shard size (the spec's fleet.rangeMb, or the default when it names none); undefined for a backfill. */
  rangeMb?: number;
  value: FleetSignIn;
  onChange(next: FleetSignIn): void;
}) {
  return (
    <section className="card" data-testid="review-fleet">
      <h2>Runs on a fleet</h2>
      <p>
        As before, <code>capstan worker</code> processes on the queue <code data-testid="review-fleet-queue">{queue}</code> run it.
      </p>
      {rangeMb !== undefined && (
        <p className="muted small" data-testid="review-fleet-range">
          Big objects are shared by several workers in shards of about {rangeMb.toLocaleString('en-US')} MB: uncompressed CSV and JSON lines in byte ranges, Parquet in groups of row groups.
          A gzip object is one shard, read by one worker from start to end.
        </p>
      )}
      {value.held === null && <p className="muted small">Checking whether this session still holds the queue's sign-in…</p>}
      {value.held === true && (
        <p className="muted small" data-testid="review-fleet-held">
          This session already signed in to this queue for an earlier run, so there is nothing to type: the same sign-in is used.
        </p>
      )}
      {value.held === false && (
        <>
          <p className="warn-text small" data-testid="review-fleet-ask">
            Capstan keeps a queue's password in memory only, and it holds none for this queue now (the app was started again since that run, or the run was started from a terminal).
            Type the password again, with the user if the queue uses one; leave both empty if the queue has no password.
          </p>
          <div className="row run-on-queue">
            <label>
              User (optional)
              <input data-testid="review-fleet-user" value={value.user} placeholder="default" spellCheck={false} autoComplete="off" onChange={(e) => onChange({ ...value, user: e.target.value })} />
            </label>
            <label>
              Password
              <input data-testid="review-fleet-password" type="password" value={value.password} placeholder="none" autoComplete="new-password" onChange={(e) => onChange({ ...value, password: e.target.value })} />
            </label>
          </div>
        </>
      )}
    </section>
  );
}

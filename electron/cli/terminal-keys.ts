import { createInterface, type Interface } from 'node:readline';
import { formatCount } from '../../shared/format';

/**
 * Keys for steering a job from the terminal that runs it. In a terminal (a TTY) single
 * keys act at once: p pauses, r resumes, + and - move the write rate by 10%, digits and
 * Enter set it, s stops (as Ctrl-C does), ? lists the keys; Ctrl-C keeps its meaning. From a
 * pipe (a script, a test) the same commands come one per line, and a rate as `rate 700` or
 * `700`. Unknown input is answered in words with the list of keys.
 */

/** What the keys act on. */
export interface KeyTarget {
  pause(): Promise<void> | void;
  resume(): Promise<void> | void;
  /** The operator's write rate, WCU/s. */
  setRate(wcuPerSecond: number): Promise<void> | void;
  /** The operator's write rate now, for + and - (read fresh: a rate typed a moment ago counts). */
  rate(): Promise<number> | number;
  /** A graceful stop, the same as the first Ctrl-C. */
  stop(): void;
}

/** True unless `disableKeys` was called. */
export function keysEnabled(): boolean {
  return keysWanted;
}

/** The keys, in words. */
export const KEYS_HELP = 'Keys: p pause, r resume, + / - write rate up or down 10%, a number then Enter sets the write rate (WCU/s), s stop, ? these keys';

/** A command the keys (or a line) ask for. */
export type KeyCommand = { kind: 'pause' | 'resume' | 'stop' | 'help' } | { kind: 'rate'; wcuPerSecond: number } | { kind: 'step'; factor: number } | { kind: 'unknown'; text: string };

/** Reads one line of steering input. */
export function parseKeyLine(line: string): KeyCommand | null {
  const text = line.trim().toLowerCase();
  if (text === '') return null;
  if (text === 'p' || text === 'pause') return { kind: 'pause' };
  if (text === 'r' || text === 'resume') return { kind: 'resume' };
  if (text === 's' || text === 'stop') return { kind: 'stop' };
  if (text === '?' || text === 'h' || text === 'help') return { kind: 'help' };
  if (text === '+') return { kind: 'step', factor: 1.1 };
  if (text === '-') return { kind: 'step', factor: 1 / 1.1 };
  const rate = /^(?:rate\s+)?(\d+(?:\.\d+)?)$/.exec(text);
  if (rate) return { kind: 'rate', wcuPerSecond: Number(rate[1]) };
  return { kind: 'unknown', text: line.trim() };
}

let keysWanted = true;

/**
 * `--no-keys`: leave stdin alone. A run sent to the background of an interactive shell
 * (`capstan load ... &`) would be stopped by the terminal (SIGTTOU, SIGTTIN) as soon as it
 * set raw mode or read a key; `< /dev/null` does the same.
 */
export function disableKeys(): void {
  keysWanted = false;
}

/** Listens to stdin until `close` (call it when the job ends); says in `say` what each key did. Does nothing after `disableKeys`. */
export function listenForKeys(target: KeyTarget, say: (line: string) => void, input: NodeJS.ReadStream = process.stdin): { close(): void } {
  if (!keysWanted) return { close: () => undefined };
  let steering: Promise<void> = Promise.resolve();
  const act = (command: KeyCommand | null) => {
    if (!command) return;
    const failed = (what: string) => (error: unknown) => say(`Could not ${what}: ${(error as Error).message}`);
    switch (command.kind) {
      case 'pause':
        say('Pausing: no new requests leave; requests in flight finish');
        void Promise.resolve().then(() => target.pause()).catch(failed('pause'));
        return;
      case 'resume':
        say('Resuming');
        void Promise.resolve().then(() => target.resume()).catch(failed('resume'));
        return;
      case 'stop':
        target.stop();
        return;
      case 'help':
        say(KEYS_HELP);
        return;
      case 'unknown':
        say(`"${command.text}" is not a key here. ${KEYS_HELP}`);
        return;
      case 'step':
      case 'rate': {
        // One rate change at a time, in the order typed: + after a typed rate steps from it.
        steering = steering.then(async () => {
          const next = command.kind === 'rate' ? command.wcuPerSecond : Math.max(1, Math.round((await target.rate()) * command.factor));
          if (!(next > 0) || next > 1_000_000) {
            say(`A write rate is between 1 and 1,000,000 WCU/s, not ${formatCount(next)}`);
            return;
          }
          await target.setRate(next);
          say(`Write rate set to ${formatCount(next)} WCU/s`);
        }).catch(failed('set the write rate'));
      }
    }
  };
  let lines: Interface | null = null;
  let typed = '';
  const onKey = (chunk: string) => {
    for (const key of chunk) {
      if (key === '\u0003') {
        // Raw mode swallows Ctrl-C's signal: give it back.
        process.kill(process.pid, 'SIGINT');
      } else if (/[\d.]/.test(key)) {
        typed += key;
      } else if (key === '\r' || key === '\n') {
        act(parseKeyLine(typed));
        typed = '';
      } else if (key === '\u007f') {
        typed = typed.slice(0, -1);
      } else {
        typed = '';
        act(parseKeyLine(key));
      }
    }
  };
  if (input.isTTY) {
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onKey);
    input.resume();
  } else {
    lines = createInterface({ input, terminal: false });
    lines.on('line', (line) => act(parseKeyLine(line)));
  }
  return {
    close() {
      if (lines) lines.close();
      else {
        input.off('data', onKey);
        input.setRawMode(false);
      }
      input.pause();
      input.unref?.();
    },
  };
}

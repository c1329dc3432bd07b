import { Option } from 'commander';
import { defaultDataDir } from './entry-paths';

/**
 * Flags that every command running a job (load, run, backfill; web for --data-dir) shares,
 * made once so their words and defaults stay the same everywhere. Each call makes a new
 * Option (commander keeps the instance on the command it is added to).
 */

/** `--data-dir DIR`: where jobs live; $CAPSTAN_HOME, else ~/.capstan. */
export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'where jobs, checkpoints and reports are kept').default(defaultDataDir());
}

/** `--report FILE`: a copy of the run report. */
export function reportOption(): Option {
  return new Option('--report <file>', 'write the run report (JSON) here too');
}

/** `--no-keys`: leave stdin alone (flags.keys is false). */
export function noKeysOption(): Option {
  return new Option('--no-keys', 'do not read steering keys (p, r, +, -, a rate) from the terminal: for a run sent to the background (&)');
}

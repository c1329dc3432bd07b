import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBackfillCommand } from '../../../electron/cli/backfill-command';
import { defaultDataDir, entryPathsFrom } from '../../../electron/cli/entry-paths';
import { registerLoadCommands } from '../../../electron/cli/load-command';
import { registerWebCommand } from '../../../electron/cli/web-command';

const paths = entryPathsFrom(import.meta.url);

/** The options a registered subcommand parses from argv, without running its action. */
function optionsOf(register: (program: Command) => void, name: string, argv: string[]): Record<string, unknown> {
  const program = new Command();
  register(program);
  const command = program.commands.find((c) => c.name() === name)!;
  const { unknown } = command.parseOptions(argv);
  expect(unknown).toEqual([]);
  return command.opts();
}

// --data-dir, --report and --no-keys are made once (electron/cli/job-run-options.ts) for every
// command that runs a job: each command must still parse them as before.
describe('the flags shared by the commands that run a job', () => {
  const commands: [string, (program: Command) => void][] = [
    ['load', (p) => registerLoadCommands(p, paths)],
    ['run', (p) => registerLoadCommands(p, paths)],
    ['backfill', (p) => registerBackfillCommand(p, paths)],
  ];

  for (const [name, register] of commands) {
    it(`${name}: steering keys on unless --no-keys, the data folder by default, --report read`, () => {
      const plain = optionsOf(register, name, []);
      expect(plain.keys).toBe(true);
      expect(plain.dataDir).toBe(defaultDataDir());
      expect(plain.report).toBeUndefined();
      const given = optionsOf(register, name, ['--no-keys', '--data-dir', '/tmp/jobs', '--report', 'r.json']);
      expect(given).toMatchObject({ keys: false, dataDir: '/tmp/jobs', report: 'r.json' });
    });
  }

  it('web: the data folder by default, or --data-dir', () => {
    expect(optionsOf((p) => registerWebCommand(p, paths, '0.1.0'), 'web', []).dataDir).toBe(defaultDataDir());
    expect(optionsOf((p) => registerWebCommand(p, paths, '0.1.0'), 'web', ['--data-dir', '/tmp/jobs']).dataDir).toBe('/tmp/jobs');
  });
});

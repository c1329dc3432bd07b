import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_ENDPOINT } from '../../../electron/cli/connection-options';
import { entryPathsFrom } from '../../../electron/cli/entry-paths';
import { registerLoadCommands, specFromFlags } from '../../../electron/cli/load-command';
import { registerSandboxCommand } from '../../../electron/sandbox/sandbox-command';

/** The options a registered subcommand parses from argv, without running its action. */
function optionsOf(register: (program: Command) => void, name: string, argv: string[]): Record<string, unknown> {
  const program = new Command();
  register(program);
  const command = program.commands.find((c) => c.name() === name)!;
  const { unknown } = command.parseOptions(argv);
  expect(unknown).toEqual([]);
  return command.opts();
}

type LoadFlags = Parameters<typeof specFromFlags>[0];

/** `capstan load --table customers --source in.csv` plus argv, as the flags its action would get. */
const loadOptions = (argv: string[]) =>
  optionsOf((p) => registerLoadCommands(p, entryPathsFrom('/nonexistent/out/main')), 'load', ['--table', 'customers', '--source', 'in.csv', ...argv]) as unknown as LoadFlags;

describe('capstan load flags (shared connection options and repeatable flags)', () => {
  it('--sandbox points at the standalone sandbox and --key repeats in order', () => {
    const spec = specFromFlags(loadOptions(['--sandbox', '--key', 'pk=C#{id}', '--key', 'sk={created}', '--region', 'eu-west-1']));
    expect(spec.connection).toEqual({ kind: 'endpoint', endpoint: DEFAULT_SANDBOX_ENDPOINT, region: 'eu-west-1' });
    expect(DEFAULT_SANDBOX_ENDPOINT).toBe('http://127.0.0.1:8000');
    expect(spec.kind === 'load' && spec.mapping.templates.map((t) => t.attribute)).toEqual(['pk', 'sk']);
  });

  it('--endpoint wins over the sandbox default; without either it is AWS with --profile', () => {
    const endpoint = specFromFlags(loadOptions(['--sandbox', '--endpoint', 'http://127.0.0.1:9123', '--key', 'pk={id}']));
    expect(endpoint.connection).toEqual({ kind: 'endpoint', endpoint: 'http://127.0.0.1:9123', region: process.env.AWS_REGION ?? 'us-east-1' });
    const aws = specFromFlags(loadOptions(['--region', 'us-west-2', '--profile', 'ops', '--key', 'pk={id}']));
    expect(aws.connection).toEqual({ kind: 'aws', region: 'us-west-2', profile: 'ops' });
  });

  it('with no --key the mapping has no templates (the list starts empty, not undefined)', () => {
    expect(loadOptions([]).key).toEqual([]);
  });
});

describe('capstan sandbox flags', () => {
  it('listens by default on the port --sandbox points at', () => {
    expect(optionsOf(registerSandboxCommand, 'sandbox', []).port).toBe(new URL(DEFAULT_SANDBOX_ENDPOINT).port);
  });

  it('--allowed-host repeats into a list', () => {
    expect(optionsOf(registerSandboxCommand, 'sandbox', ['--allowed-host', 'a.test', '--allowed-host', 'b.test']).allowedHost).toEqual(['a.test', 'b.test']);
  });
});

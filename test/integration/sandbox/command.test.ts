import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { sandboxOptionsFromFlags } from '../../../electron/sandbox/sandbox-command';
import type { SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor } from './sandbox-clients';

describe('capstan sandbox command', () => {
  it('turns flags and a config file into options', () => {
    const options = sandboxOptionsFromFlags(
      { port: '0', host: '127.0.0.1', config: 'c.json', errorRate: '0.2', latencyMs: '15', metricsDelayMs: '1000' },
      () => JSON.stringify({ faults: { tables: { hot: { dropRate: 0.5 } } }, organic: { hot: { writeUnitsPerSecond: 100 } } }),
    );
    expect(options).toMatchObject({ port: 0, metricsDelayMs: 1000, faults: { global: { errorRate: 0.2, latencyMs: 15 }, tables: { hot: { dropRate: 0.5 } } } });
    expect(options.organic?.hot).toMatchObject({ writeUnitsPerSecond: 100 });
    expect(() => sandboxOptionsFromFlags({ port: 'x', host: '127.0.0.1' })).toThrow(/--port/);
  });

  it('takes the table phase delay and the allowed web origins from flags or the config file', () => {
    expect(sandboxOptionsFromFlags({ port: '0', host: '127.0.0.1', tableStatusDelayMs: '250', corsOrigin: 'https://a.example, https://b.example' })).toMatchObject({
      tableStatusDelayMs: 250,
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
    const fromFile = sandboxOptionsFromFlags({ port: '0', host: '127.0.0.1', config: 'c.json' }, () => JSON.stringify({ tableStatusDelayMs: 0, corsOrigins: ['*'] }));
    expect(fromFile).toMatchObject({ tableStatusDelayMs: 0, corsOrigins: ['*'] });
    const defaults = sandboxOptionsFromFlags({ port: '0', host: '127.0.0.1' });
    expect(defaults.tableStatusDelayMs).toBeUndefined();
    expect(defaults.corsOrigins).toBeUndefined();
    expect(() => sandboxOptionsFromFlags({ port: '0', host: '127.0.0.1', tableStatusDelayMs: 'soon' })).toThrow(/--table-status-delay-ms/);
  });

  it('prints its URL when ready, serves any client and stops cleanly on SIGTERM', async () => {
    // tsx is not installed: bundle a two-line entry with vite next to node_modules, run it with node.
    const dir = resolve('node_modules/.cache/capstan-sandbox-command-test');
    await mkdir(dir, { recursive: true });
    const entry = resolve(dir, 'entry.ts');
    await writeFile(
      entry,
      `import { Command } from 'commander';\nimport { registerSandboxCommand } from ${JSON.stringify(resolve('electron/sandbox/sandbox-command.ts'))};\nconst program = new Command();\nregisterSandboxCommand(program);\nawait program.parseAsync(process.argv);\n`,
    );
    await build({
      configFile: false,
      logLevel: 'silent',
      build: { ssr: true, outDir: resolve(dir, 'out'), emptyOutDir: true, target: 'node20', rollupOptions: { input: { entry }, output: { format: 'es', entryFileNames: '[name].js' } } },
    });
    const child = spawn(process.execPath, [resolve(dir, 'out/entry.js'), 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[0]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const clients = clientsFor({ url } as SandboxHandle);
    expect((await clients.dynamo.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    clients.destroy();
    const exit = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

import type { Command } from 'commander';
import { startSandbox } from './server';

/** Adds `capstan sandbox`: the embedded DynamoDB sandbox as a standalone server. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('serve the DynamoDB sandbox on 127.0.0.1 for any DynamoDB client')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'keep items on disk in this folder (in memory otherwise)')
    .action(async (opts: { port: string; host: string; data?: string }) => {
      const sandbox = await startSandbox({ host: opts.host, port: Number(opts.port), dataDir: opts.data });
      console.log(`Capstan sandbox listening on ${sandbox.url} (any credentials are accepted)`);
      const stop = () => {
        void sandbox.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

import type { Command } from 'commander';
import { Engine } from '../engine/engine';
import { createCommandHandlers } from '../host/command-handlers';
import { startWebServer } from '../host/web-server';
import { defaultDataDir, type EntryPaths } from './entry-paths';

/** Adds `capstan web`: the app in a browser, engine and embedded sandbox on 127.0.0.1. */
export function registerWebCommand(program: Command, paths: EntryPaths, version: string): void {
  program
    .command('web')
    .description('serve the Capstan UI and engine on 127.0.0.1 (with the embedded sandbox)')
    .option('--port <n>', 'port for the UI (0 picks a free one)', '5178')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where jobs, checkpoints and reports are kept', defaultDataDir())
    .option('--sandbox-port <n>', 'port of the embedded sandbox (0 picks a free one)', '0')
    .option('--no-sandbox', 'do not start the embedded sandbox')
    .action(async (opts: { port: string; host: string; dataDir: string; sandboxPort: string; sandbox: boolean }) => {
      const engine = await Engine.start({
        dataDir: opts.dataDir,
        workerScripts: paths.workerScripts,
        sandbox: opts.sandbox ? { port: Number(opts.sandboxPort) } : false,
      });
      const handlers = createCommandHandlers(engine, { face: 'web', version, pickFile: async () => null, printPdf: null });
      const web = await startWebServer({ engine, handlers, rendererDir: paths.rendererDir, host: opts.host, port: Number(opts.port) });
      if (engine.sandboxEndpoint) console.log(`Sandbox: ${engine.sandboxEndpoint}`);
      console.log(`Capstan is running: open ${web.url}`);
      let closing = false;
      const stop = () => {
        if (closing) return;
        closing = true;
        console.log('Stopping: finishing jobs in flight…');
        void web.close().then(() => engine.close()).then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

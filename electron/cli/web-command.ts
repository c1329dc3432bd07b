import { join } from 'node:path';
import type { Command } from 'commander';
import { Engine } from '../engine/engine';
import { createCommandHandlers } from '../host/command-handlers';
import { checkListenAddress, UNSAFE_LISTEN_FLAG } from '../host/listen-address';
import { confinedPaths } from '../host/path-guard';
import { startWebServer } from '../host/web-server';
import type { EntryPaths } from './entry-paths';
import { dataDirOption } from './job-run-options';
import { collect } from './repeatable-option';

/** Flags of `capstan web` as commander hands them over. */
interface WebFlags {
  port: string;
  host: string;
  dataDir: string;
  sandboxPort: string;
  sandbox: boolean;
  unsafeListenBeyondLoopback?: boolean;
  allowedHost: string[];
  allowDir: string[];
}

/** Adds `capstan web`: the app in a browser, engine and embedded sandbox on 127.0.0.1. */
export function registerWebCommand(program: Command, paths: EntryPaths, version: string): void {
  program
    .command('web')
    .description('serve the Capstan UI and engine on 127.0.0.1 (with the embedded sandbox); from another machine, use ssh -L')
    .option('--port <n>', 'port for the UI (0 picks a free one)', '5178')
    .option('--host <host>', `loopback address to listen on; another address needs ${UNSAFE_LISTEN_FLAG}`, '127.0.0.1')
    .option(UNSAFE_LISTEN_FLAG, 'allow --host to be an address other machines can reach (prints a warning; prefer ssh -L)')
    .option('--allowed-host <name>', 'a name besides 127.0.0.1/localhost/[::1] that browsers may use to reach this server (repeatable)', collect, [])
    .addOption(dataDirOption())
    .option('--allow-dir <folder>', 'a folder clients may read sources from and write outputs to, besides the working directory and the data folder (repeatable)', collect, [])
    .option('--sandbox-port <n>', 'port of the embedded sandbox (0 picks a free one)', '0')
    .option('--no-sandbox', 'do not start the embedded sandbox')
    .action(async (opts: WebFlags) => {
      // Refuse an address beyond loopback before anything starts.
      checkListenAddress(opts.host, opts.unsafeListenBeyondLoopback === true, 'Capstan web mode');
      const engine = await Engine.start({
        dataDir: opts.dataDir,
        workerScripts: paths.workerScripts,
        sandbox: opts.sandbox ? { port: Number(opts.sandboxPort) } : false,
        version,
      });
      // Clients name paths as text: confine them to the folders the operator chose.
      const roots = [process.cwd(), opts.dataDir, ...opts.allowDir];
      const pathPolicy = await confinedPaths({ roots, writeProtected: [join(opts.dataDir, 'jobs'), join(opts.dataDir, 'connections.json')] });
      const handlers = createCommandHandlers(engine, { face: 'web', version, pickFile: async () => null, printPdf: null, paths: pathPolicy });
      const web = await startWebServer({
        engine,
        handlers,
        rendererDir: paths.rendererDir,
        host: opts.host,
        port: Number(opts.port),
        unsafeListenBeyondLoopback: opts.unsafeListenBeyondLoopback === true,
        allowedHostNames: opts.allowedHost,
      }).catch(async (error: unknown) => {
        await engine.close();
        throw error;
      });
      if (web.warning) console.error(web.warning);
      console.log(`Clients may read and write files under: ${pathPolicy.roots.join(', ')} (add folders with --allow-dir)`);
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

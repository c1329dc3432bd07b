import WebSocket from 'ws';
import type { CommandName, CommandRequest, CommandResponses } from '../../../shared/contract';
import type { CommandResult } from '../../../shared/transport';
import { startCli, type CliProcess } from '../../support/built-app';

/** `capstan web` running from the build, and a client for its WebSocket. */
export interface WebModeProcess {
  cli: CliProcess;
  port: number;
  token: string;
  /** The URL printed at start (token included). */
  url: string;
  /** Calls a command over a fresh authorised WebSocket; rejects with the error's words. */
  call<K extends CommandName>(command: K, payload: CommandRequest<K>): Promise<CommandResponses[K]>;
  /** The web process has exited (it must not, whatever it is sent). */
  exited(): boolean;
  stop(): Promise<void>;
}

/** Starts `capstan web` with these arguments and waits for its URL. */
export async function startWebMode(args: string[]): Promise<WebModeProcess> {
  const cli = startCli(['web', '--port', '0', ...args]);
  let exited = false;
  void cli.exited.then(() => (exited = true));
  const [, url, port, token] = (await cli.waitForLine(/open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/, 60_000)) as unknown as [string, string, string, string];
  const call = <K extends CommandName>(command: K, payload: CommandRequest<K>) =>
    new Promise<CommandResponses[K]>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`${command}: no answer within 30 s`));
      }, 30_000);
      ws.on('open', () => ws.send(JSON.stringify({ id: 1, command, payload })));
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: CommandResult<CommandResponses[K]> };
        if (message.id !== 1 || !message.result) return;
        clearTimeout(timer);
        ws.close();
        if (message.result.ok) resolve(message.result.value);
        else reject(Object.assign(new Error(message.result.error.message), { name: message.result.error.name }));
      });
      ws.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  return {
    cli,
    port: Number(port),
    token,
    url,
    call,
    exited: () => exited,
    stop: async () => {
      if (exited) return;
      cli.child.kill('SIGTERM');
      await cli.exited;
    },
  };
}

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { commandRequests, type CommandName } from '../../shared/contract';
import { EVENT_CHANNEL, ipcChannel } from '../../shared/transport';
import type { Engine } from '../engine/engine';
import { dispatchCommand } from './command-dispatcher';
import type { CommandHandlers } from './command-handlers';
import { withoutQueuePasswords } from './queue-secrets';

/**
 * Desktop transport: one IPC channel per command, each handler checking that the call
 * comes from our own window and page before the payload is parsed. Engine events go to
 * the window on one event channel.
 */
export function registerIpcHost(engine: Engine, handlers: CommandHandlers, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  const names = Object.keys(commandRequests) as CommandName[];
  for (const name of names) {
    ipcMain.handle(ipcChannel(name), async (event, payload: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { name: 'UntrustedSender', message: 'This call did not come from the Capstan window' } };
      }
      return dispatchCommand(handlers, name, payload);
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(ipcChannel(name));
  };
}

/** Streams engine events to a window while it lives (queue passwords masked). */
export function forwardEvents(engine: Engine, contents: WebContents): () => void {
  const unsubscribe = engine.subscribe((event) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, withoutQueuePasswords(event));
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}

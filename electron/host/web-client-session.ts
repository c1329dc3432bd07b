import type { WebSocket } from 'ws';
import type { EngineEvent } from '../../shared/contract';
import type { CommandResult } from '../../shared/transport';
import type { Engine } from '../engine/engine';
import { dispatchCommand } from './command-dispatcher';
import type { CommandHandlers } from './command-handlers';
import { withoutQueuePasswords } from './queue-secrets';

/** What a web client may send: one command call. */
interface CallMessage {
  id: number;
  command: string;
  payload: unknown;
}

const BAD_MESSAGE: CommandResult<never> = { ok: false, error: { name: 'BadMessage', message: 'A call must be JSON {id, command, payload}' } };

/** Reads one call from a WebSocket message; null when it is not one. */
function parseCall(data: unknown): CallMessage | null {
  try {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data as Buffer[]) : Buffer.from(data as ArrayBuffer);
    const text = bytes.toString('utf8');
    const message = JSON.parse(text) as Partial<CallMessage> | null;
    if (typeof message !== 'object' || message === null || !Number.isFinite(message.id) || typeof message.command !== 'string') return null;
    return { id: message.id as number, command: message.command, payload: message.payload };
  } catch {
    return null;
  }
}

/**
 * Serves one authorised web client: its command calls go through the dispatcher, engine
 * events stream to it. Whatever the client sends (bad JSON, unknown commands, frames
 * the protocol forbids), the answer is an error for that call or a closed socket,
 * never an exception that reaches the server.
 */
export function serveWebClient(ws: WebSocket, engine: Engine, handlers: CommandHandlers): void {
  const send = (message: unknown) => {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      text = JSON.stringify({ id: (message as { id?: number }).id ?? -1, result: { ok: false, error: { name: 'Error', message: `The answer could not be sent: ${(error as Error).message}` } } });
    }
    ws.send(text, () => undefined);
  };
  const unsubscribe = engine.subscribe((event: EngineEvent) => send({ event: withoutQueuePasswords(event) }));
  ws.on('message', (data) => {
    const call = parseCall(data);
    if (!call) {
      send({ id: -1, result: BAD_MESSAGE });
      return;
    }
    dispatchCommand(handlers, call.command, call.payload)
      .catch((error: unknown) => ({ ok: false as const, error: { name: 'Error', message: error instanceof Error ? error.message : String(error) } }))
      .then((result) => send({ id: call.id, result }))
      .catch(() => undefined);
  });
  ws.on('close', unsubscribe);
  // A frame the protocol forbids (bad opcode, unmasked, too large) closes this client only.
  ws.on('error', () => {
    unsubscribe();
    ws.terminate();
  });
}

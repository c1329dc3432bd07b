import { commandRequests, type CapstanApi, type CommandName, type EngineEvent } from '../../../shared/contract';
import { unwrapResult, type CommandResult } from '../../../shared/transport';

/**
 * Web mode's implementation of `CapstanApi`: the same commands over one WebSocket to the
 * host that served this page, authorised by the launch token from the page's URL.
 */
export function createWebSocketApi(url: string): CapstanApi {
  const listeners = new Set<(event: EngineEvent) => void>();
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let nextId = 1;
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (socket) return socket;
    socket = new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('Cannot reach the Capstan engine (is `capstan web` still running, and is the token in the URL right?)'));
      ws.onclose = () => {
        socket = null;
        for (const [, w] of waiting) w.reject(new Error('The connection to the Capstan engine closed'));
        waiting.clear();
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as { id?: number; result?: CommandResult<unknown>; event?: EngineEvent };
        if (data.event) {
          for (const listener of listeners) listener(data.event);
        } else if (typeof data.id === 'number' && data.result) {
          const w = waiting.get(data.id);
          waiting.delete(data.id);
          if (!w) return;
          try {
            w.resolve(unwrapResult(data.result));
          } catch (error) {
            w.reject(error);
          }
        }
      };
    });
    return socket;
  };

  const call = (command: CommandName) => async (payload: unknown) => {
    const ws = await connect();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, command, payload }));
    });
  };

  const api: Record<string, unknown> = {
    onEvent: (listener: (event: EngineEvent) => void) => {
      listeners.add(listener);
      void connect();
      return () => listeners.delete(listener);
    },
  };
  for (const name of Object.keys(commandRequests) as CommandName[]) api[name] = call(name);
  return api as CapstanApi;
}

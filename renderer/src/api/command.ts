import type { CommandName, CommandRequest, CommandResponses, EngineEvent } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/job-status';
import { CommandError } from '../../../shared/transport';
import { api } from './capstan-api';

/**
 * The one way the renderer's pages run a command, and the one way they show its failure.
 * A failure is always a `CommandError` carrying the engine's `{name, message}` — whatever
 * failed on the way (the engine's answer, a closed connection, a bug in the page) — and
 * `errorWords` is how every page puts it in words: never a stack, never `[object Object]`.
 */

/** Anything thrown as `{name, message}`: the engine's own, else the error's, else words for it. */
export function errorInfoOf(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message || 'failed without saying why' };
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === 'string') return { name: typeof name === 'string' && name ? name : 'Error', message };
  }
  return { name: 'Error', message: typeof error === 'string' && error ? error : 'failed without saying why' };
}

/** Names that add nothing to the words ("Error: ..."), left out when an error is shown. */
const PLAIN_NAMES = new Set(['Error', 'CommandError', 'TypeError']);

/** An error as the UI shows it: its name (when it says something) and its message. */
export function errorWords(error: unknown): string {
  const { name, message } = errorInfoOf(error);
  return PLAIN_NAMES.has(name) ? message : `${name}: ${message}`;
}

/** Runs one command of the contract; a failure rejects with a `CommandError` of `{name, message}`. */
export async function command<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponses[K]> {
  const run = api[name] as unknown as (request: CommandRequest<K>) => Promise<CommandResponses[K]>;
  try {
    return await run(request);
  } catch (error) {
    throw error instanceof CommandError ? error : new CommandError(errorInfoOf(error));
  }
}

/** Listens to the engine's events (ticks, states, log lines); returns the function that stops listening. */
export function onEngineEvent(listener: (event: EngineEvent) => void): () => void {
  return api.onEvent(listener);
}

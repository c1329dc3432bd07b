import type { CommandName } from './contract';
import type { ErrorInfo } from './job-status';

/**
 * What every transport (Electron IPC, WebSocket) shares: the result envelope, its
 * unwrapping, and channel names. Kept apart from the contract's schemas so the preload
 * bundle carries no schema library.
 */

/** The answer of a command as it crosses a transport: a value, or an error in words. */
export type CommandResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Thrown on the renderer side when a command's answer is an error. */
export class CommandError extends Error {
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
  }
}

/** Unwraps a transported result, throwing a `CommandError` for an error answer. */
export function unwrapResult<T>(result: CommandResult<T>): T {
  if (result.ok) return result.value;
  throw new CommandError(result.error);
}

/** The IPC channel a command travels on (desktop) — one per command, never a generic one. */
export function ipcChannel(name: CommandName): string {
  return `capstan:${name}`;
}

/** The IPC channel engine events travel on (desktop). */
export const EVENT_CHANNEL = 'capstan:event';

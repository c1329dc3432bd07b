import { commandRequests, type CommandName } from '../../shared/contract';
import type { CommandResult } from '../../shared/transport';
import type { CommandHandlers } from './command-handlers';
import { maskQueuePasswords, withoutQueuePasswords } from './queue-secrets';

/**
 * The one entry every transport calls: checks the command name, parses the payload (an
 * `unknown` from outside) with the contract's schema, runs the handler, and turns any
 * failure into `{name, message}` — never a stack trace across the boundary. Answers leave
 * with queue passwords masked (queue-secrets.ts).
 */
export async function dispatchCommand(handlers: CommandHandlers, name: string, payload: unknown): Promise<CommandResult<unknown>> {
  if (!Object.hasOwn(commandRequests, name)) {
    return { ok: false, error: { name: 'UnknownCommand', message: `Unknown command "${name}"` } };
  }
  const command = name as CommandName;
  const parsed = commandRequests[command].safeParse(payload ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    return { ok: false, error: { name: 'InvalidRequest', message: `Invalid ${command} request: ${detail}` } };
  }
  try {
    const handler = handlers[command] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: withoutQueuePasswords(await handler(parsed.data)) };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { ok: false, error: { name: e?.name ?? 'Error', message: maskQueuePasswords(e?.message ?? String(error)) } };
  }
}

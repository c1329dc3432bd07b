/**
 * Queue passwords stop at the host. A fleet job's spec carries its queue URL, password and
 * all, because the engine and the workers need it; everything the host sends to a renderer
 * (command answers and engine events, over IPC or the WebSocket) passes through here, and
 * every `redis://` or `rediss://` URL in it leaves with its password masked. The renderer
 * shows `rediss://user:***@host:6379` and never holds the secret once a job has started.
 */

/** What a masked password reads as. */
export const MASKED_PASSWORD = '***';

// A queue URL with a user-info password: scheme, optional user, ":", password, "@".
// Passwords in URLs are percent-encoded, so none holds "@", "/", a quote or a space.
const QUEUE_URL_PASSWORD = /(rediss?:\/\/[^\s:@/"'<>]*):([^\s@/"'<>]+)@/gi;

/** The text with the password of every queue URL in it masked. */
export function maskQueuePasswords(text: string): string {
  if (!/rediss?:\/\//i.test(text)) return text;
  return text.replace(QUEUE_URL_PASSWORD, (_whole, head: string) => `${head}:${MASKED_PASSWORD}@`);
}

/**
 * The value with every string in it masked (deeply: objects, arrays). Parts that hold no
 * password are returned as they are, so a tick without a queue URL costs a walk, not a copy.
 */
export function withoutQueuePasswords<T>(value: T): T {
  return mask(value) as T;
}

function mask(value: unknown): unknown {
  if (typeof value === 'string') return maskQueuePasswords(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const masked = mask(item);
      if (masked !== item) (copy ??= [...value])[i] = masked;
    });
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let copy: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const masked = mask(item);
    if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = masked;
  }
  return copy ?? value;
}

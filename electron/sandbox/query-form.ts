/**
 * Decodes an awsQuery form body (`Action=...&A.member.1.B=x`) into nested objects and
 * arrays, so the CloudWatch front handles both protocols with one code path.
 */
export function parseQueryForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const params = new URLSearchParams(body);
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const last = i === parts.length - 1;
      if (part === 'member' && i + 1 < parts.length) {
        // `X.member.N` : X is a list, N is 1-based.
        continue;
      }
      const isIndex = /^\d+$/.test(part) && parts[i - 1] === 'member';
      const slot: string | number = isIndex ? Number(part) - 1 : part;
      const nextIsList = parts[i + 1] === 'member';
      if (last) {
        (node as Record<string | number, unknown>)[slot] = value;
        break;
      }
      let child = (node as Record<string | number, unknown>)[slot];
      if (child === undefined) {
        child = nextIsList ? [] : {};
        (node as Record<string | number, unknown>)[slot] = child;
      }
      node = child as Record<string, unknown> | unknown[];
    }
  }
  return root;
}

/** Escapes text for an XML element body. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Serialises a JSON-like value as awsQuery XML: arrays become `<member>` lists,
 * Dates ISO-8601, numbers and strings text.
 */
export function toXml(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

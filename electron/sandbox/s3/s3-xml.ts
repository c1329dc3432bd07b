/**
 * The little XML the sandbox's S3 face needs: writing responses (escaped text in nested
 * elements) and reading the three request bodies S3 clients send (CreateBucket's
 * configuration, DeleteObjects and CompleteMultipartUpload). The reader scans with
 * indexOf, never with a backtracking pattern, so a hostile body costs linear time.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** A response element: a text leaf, a list of child elements, or skipped when undefined. */
export type XmlNode = string | number | boolean | undefined | XmlNode[] | { [tag: string]: XmlNode };

function render(tag: string, node: XmlNode): string {
  if (node === undefined) return '';
  if (Array.isArray(node)) return node.map((child) => render(tag, child)).join('');
  if (typeof node === 'object') {
    const inner = Object.entries(node)
      .map(([childTag, child]) => render(childTag, child))
      .join('');
    return `<${tag}>${inner}</${tag}>`;
  }
  return `<${tag}>${escapeXml(String(node))}</${tag}>`;
}

/** A whole S3 response document with the S3 namespace on its root element. */
export function xmlDocument(root: string, body: { [tag: string]: XmlNode }): string {
  const inner = Object.entries(body)
    .map(([tag, node]) => render(tag, node))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${root}>`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five named entities and numeric character references of XML text. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10)) ?? whole;
    return ENTITIES[name] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/**
 * The raw inner text of every `<tag>...</tag>` (or `<tag attr="...">`) in document order,
 * not nested in one another. Elements with a namespace prefix are not matched.
 */
export function xmlElements(xml: string, tag: string): string[] {
  const found: string[] = [];
  const close = `</${tag}>`;
  let from = 0;
  for (;;) {
    const open = xml.indexOf(`<${tag}`, from);
    if (open < 0) return found;
    const after = xml.charAt(open + tag.length + 1);
    if (after !== '>' && after !== ' ' && after !== '/' && after !== '\t' && after !== '\n' && after !== '\r') {
      from = open + tag.length + 1;
      continue;
    }
    const startEnd = xml.indexOf('>', open);
    if (startEnd < 0) return found;
    if (xml.charAt(startEnd - 1) === '/') {
      found.push('');
      from = startEnd + 1;
      continue;
    }
    const end = xml.indexOf(close, startEnd);
    if (end < 0) return found;
    found.push(xml.slice(startEnd + 1, end));
    from = end + close.length;
  }
}

/** The decoded text of the first `<tag>` in `xml`, or undefined. */
export function xmlText(xml: string, tag: string): string | undefined {
  const [first] = xmlElements(xml, tag);
  return first === undefined ? undefined : decodeXmlText(first);
}

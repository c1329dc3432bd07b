/**
 * HTML escaping for the report. Every string that comes from a report (a CSV cell in a
 * reject, a table name, an error message) passes through here, so a hostile input file
 * cannot put markup into a page that operators open in a browser.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

import type { JobReport } from '../job-report';
import { formatBytes, formatCount } from '../format';
import { escapeHtml as esc } from './html-escape';

/**
 * The HTML report's per-object audit: every file or S3 object of a load with its records,
 * written, rejected, state, and why it failed or where it was moved. Empty for jobs
 * without an audit (backfills, single local files).
 */
export function objectsSection(report: JobReport): string {
  const objects = report.objects;
  if (!objects || objects.length === 0) return '';
  const count = (state: string) => objects.filter((o) => o.state === state).length;
  const rows = objects
    .map((o) => `<tr><td class="wrap"><code>${esc(o.name)}</code></td><td class="num">${esc(formatBytes(o.sizeBytes))}</td><td class="num">${o.records === null ? '—' : esc(formatCount(o.records))}</td><td class="num">${esc(formatCount(o.written))}</td><td class="num">${esc(formatCount(o.rejected))}</td><td>${esc(o.state)}</td><td class="wrap">${esc(o.reason ?? o.moveError ?? (o.movedTo ? `moved to ${o.movedTo}` : ''))}</td></tr>`)
    .join('');
  return `<section id="objects">
<h2>Objects</h2>
<p>${esc(formatCount(objects.length))} objects: ${esc(formatCount(count('done')))} done, ${esc(formatCount(count('failed')))} failed, ${esc(formatCount(count('pending')))} not finished.</p>
<table><thead><tr><th>object</th><th class="num">size</th><th class="num">records</th><th class="num">written</th><th class="num">rejected</th><th>state</th><th style="width:28%">reason</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

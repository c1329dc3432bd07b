import { formatUsd } from '../cost/money-format';
import { formatBytes, formatPercent } from '../format';
import { WRITE_MODE_WORDS, type WriteMode } from '../write-mode';

/**
 * A job spec as rows a person can read. Any spec (load, backfill, kinds to come) is
 * flattened generically to `path -> value`; the settings we know get words and units
 * instead of their JSON names.
 */

/** One row of the spec table: words, the value as text, and the JSON path it came from. */
export interface SpecRow {
  label: string;
  value: string;
  path: string;
}

type Formatter = (value: unknown) => string;

const num = (unit: string): Formatter => (v) => (typeof v === 'number' ? `${v.toLocaleString('en-US', { maximumFractionDigits: 3 })} ${unit}` : String(v));
const bytes: Formatter = (v) => (typeof v === 'number' ? formatBytes(v) : String(v));
const usd: Formatter = (v) => (typeof v === 'number' ? formatUsd(v) : String(v));
const fraction: Formatter = (v) => (typeof v === 'number' ? formatPercent(v) : String(v));
const delimiter: Formatter = (v) => (v === '\t' ? 'tab' : v === ' ' ? 'space' : `"${String(v)}"`);

/** Words (and units) for the settings of the specs we know. */
const KNOWN: Record<string, { label: string; format?: Formatter }> = {
  kind: { label: 'Job kind' },
  name: { label: 'Name' },
  table: { label: 'Table' },
  'connection.kind': { label: 'Connection', format: (v) => (v === 'sandbox' ? 'built-in sandbox' : v === 'aws' ? 'AWS' : String(v)) },
  'connection.profile': { label: 'AWS profile' },
  'connection.region': { label: 'Region' },
  'connection.endpoint': { label: 'Endpoint' },
  'source.path': { label: 'Input (file, folder or glob)' },
  'source.format': { label: 'Input format' },
  'source.delimiter': { label: 'CSV delimiter', format: delimiter },
  'source.header': { label: 'First row names the columns' },
  'source.spread': { label: 'Spread writes across partitions' },
  'source.spreadMemoryBytes': { label: 'Memory for spreading', format: bytes },
  'source.maxRecordBytes': { label: 'Longest record accepted', format: bytes },
  // Parquet files are found by name and magic bytes whatever the format says, so these stay in every load's rows.
  'source.parquet.temporal': { label: 'Parquet dates and timestamps (for Parquet files)', format: (v) => (v === 'iso' ? 'ISO text' : v === 'epoch-seconds' ? 'epoch seconds' : v === 'epoch-ms' ? 'epoch milliseconds' : String(v)) },
  'source.parquet.nulls': { label: 'Parquet nulls (for Parquet files)', format: (v) => (v === 'omit' ? 'left out of the item' : v === 'null' ? 'stored as NULL' : String(v)) },
  writeMode: { label: 'Items already in the table', format: (v) => (typeof v === 'string' && v in WRITE_MODE_WORDS ? WRITE_MODE_WORDS[v as WriteMode].label : String(v)) },
  'rate.mode': { label: 'Rate mode' },
  'rate.wcuPerSecond': { label: 'Rate at start', format: num('WCU/s') },
  // The rate mode's parameters (loads and a backfill's write side alike).
  'rate.share': { label: 'Share (fill: of provisioned; share-of-organic: of the application\'s writes)', format: fraction },
  'rate.maxWcuPerSecond': { label: 'Rate mode ceiling', format: num('WCU/s') },
  'rate.timeZone': { label: 'Time zone of the windows' },
  'rate.inside.kind': { label: 'Inside the windows', format: (v) => (v === 'fill' ? 'fill provisioned capacity' : v === 'rate' ? 'a fixed rate' : String(v)) },
  'rate.inside.wcuPerSecond': { label: 'Rate inside the windows', format: num('WCU/s') },
  'rate.inside.share': { label: 'Fill inside the windows to', format: fraction },
  'limits.maxWcuPerSecond': { label: 'Rate ceiling', format: num('WCU/s') },
  'limits.maxRejects': { label: 'Stop after this many rejects', format: num('records') },
  'limits.maxCostUsd': { label: 'Cost ceiling', format: usd },
  'cost.billing': { label: 'Billing for the cost meter' },
  'cost.targetUtilization': { label: 'Auto-scaling target utilization', format: fraction },
  'cost.addedWcu': { label: 'Capacity added for the job', format: num('WCU') },
  'cost.region': { label: 'Price region' },
  'options.workers': { label: 'Sender workers' },
  'options.inFlightPerWorker': { label: 'Batches in flight per worker' },
  'options.transport': { label: 'Wire transport' },
  // Backfill specs (shared/backfill-spec.ts).
  'operation.kind': { label: 'Operation' },
  'rate.rcuPerSecond': { label: 'Read rate at start', format: num('RCU/s') },
  'limits.maxFailures': { label: 'Fail after this many failed items', format: num('items') },
  'scan.segments': { label: 'Scan segments' },
  'scan.pageLimit': { label: 'Items per scan page', format: num('items') },
  'scan.shuffle': { label: 'Shuffled scan (spreads the writes)' },
  'trial.fraction': { label: 'Trial on this share of the table', format: fraction },
  'safety.backup': { label: 'Backup before the first write' },
  'safety.overrideNoBackup': { label: 'Started without a backup (override)' },
};

/** Words for list entries that read badly as JSON (the mapping's, a rate mode's windows). */
function describeMappingEntry(list: string, entry: Record<string, unknown>): string | null {
  switch (list) {
    case 'mapping.templates':
      return `${String(entry.attribute)} = ${String(entry.template)}${entry.type ? ` (${String(entry.type)})` : ''}`;
    case 'mapping.columns':
      return `${String(entry.from)} → ${String(entry.to)}${entry.type ? ` (${String(entry.type)})` : ''}`;
    case 'mapping.computed':
      if (entry.kind === 'now') return `${String(entry.attribute)} = time of the write (${String(entry.format ?? 'epoch-seconds')})`;
      if (entry.kind === 'ttl') return `${String(entry.attribute)} = ${String(entry.fromColumn)} + ${String(entry.addDays ?? 0)} days, as epoch seconds (TTL)`;
      if (entry.kind === 'ipv4-number') return `${String(entry.attribute)} = ${String(entry.fromColumn)} as a 32-bit number`;
      return null;
    case 'rate.windows':
      return `${String(entry.start)}-${String(entry.end)}${Array.isArray(entry.days) ? ` on ${entry.days.map(String).join(', ')}` : ', every day'}`;
    default:
      return null;
  }
}

const LIST_LABELS: Record<string, string> = {
  'mapping.templates': 'Attribute from a template',
  'mapping.columns': 'Column mapping',
  'mapping.computed': 'Computed attribute',
  'mapping.drop': 'Columns left out',
  'rate.windows': 'Time window',
};

/** `spreadMemoryBytes` -> `spread memory bytes`; dotted paths joined with ` › `. */
export function humanizePath(path: string): string {
  const words = path
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase())
    .join(' › ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The spec as rows, depth first in the spec's own key order. */
export function specRows(spec: unknown): SpecRow[] {
  const rows: SpecRow[] = [];
  const visit = (value: unknown, path: string): void => {
    const known = KNOWN[path];
    if (known) {
      rows.push({ label: known.label, value: known.format ? known.format(value) : plain(value), path });
      return;
    }
    if (Array.isArray(value)) {
      const label = LIST_LABELS[path] ?? humanizePath(path);
      if (value.length === 0) return;
      if (value.every((v) => !isRecord(v) && !Array.isArray(v))) {
        rows.push({ label, value: value.map(plain).join(', '), path });
        return;
      }
      value.forEach((entry, i) => {
        const described = isRecord(entry) ? describeMappingEntry(path, entry) : null;
        if (described !== null) rows.push({ label, value: described, path: `${path}[${i}]` });
        else visit(entry, `${path}[${i}]`);
      });
      return;
    }
    if (isRecord(value)) {
      const entries = Object.entries(value);
      if (path === 'mapping.constants') {
        for (const [k, v] of entries) rows.push({ label: 'Constant attribute', value: `${k} = ${plain(v)}`, path: `${path}.${k}` });
        return;
      }
      for (const [k, v] of entries) visit(v, path ? `${path}.${k}` : k);
      return;
    }
    if (value === undefined) return;
    rows.push({ label: humanizePath(path), value: plain(value), path });
  };
  visit(spec, '');
  return rows;
}

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Options of the synthetic customer file. */
export interface CustomerSampleOptions {
  rows: number;
  out: string;
  /** Epoch ms that "now" is, so a sample can be reproduced in time. */
  nowMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * Writes a CSV of synthetic customer records (customer_id as a UUID, acquisition_date,
 * created_timestamp, last_updated_timestamp) for trying a load without real data.
 * Streams, so any row count fits in memory.
 */
export async function writeCustomerSample(options: CustomerSampleOptions): Promise<{ rows: number; bytes: number }> {
  if (!Number.isInteger(options.rows) || options.rows < 0) throw new Error(`--rows must be a whole number of rows, got ${options.rows}`);
  const now = options.nowMs ?? Date.now();
  const out = createWriteStream(options.out);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('customer_id,acquisition_date,created_timestamp,last_updated_timestamp\n');
  let chunk = '';
  for (let i = 0; i < options.rows; i++) {
    const created = now - Math.floor(Math.random() * 3 * 365 * DAY_MS);
    const updated = created + Math.floor(Math.random() * (now - created));
    const acquired = new Date(created - Math.floor(Math.random() * 30) * DAY_MS).toISOString().slice(0, 10);
    chunk += `${randomUUID()},${acquired},${new Date(created).toISOString()},${new Date(updated).toISOString()}\n`;
    if (chunk.length > 64 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
  out.end();
  await once(out, 'finish');
  return { rows: options.rows, bytes };
}

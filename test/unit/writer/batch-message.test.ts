import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { decodeWireItem, encodeBatchWriteBody, encodeBatchWriteBodyFromItems, encodeWireItem } from '../../../electron/engine/writer/lean-wire';
import {
  decodeBatchMessage,
  decodeWrittenOutcome,
  encodeBatchMessage,
  encodeWrittenOutcome,
  type BatchOutcome,
} from '../../../electron/engine/writer/worker-protocol';

const bytes = (...values: number[]) => new Uint8Array(values);

const items: Record<string, AttributeValue>[] = [
  { pk: { S: 'CUST#1' }, n: { N: '42' } },
  { pk: { S: 'line\nbreak "quoted" \u2028 é 😀' }, note: { S: 'tab\there' } },
  { pk: { S: 'bin' }, b: { B: bytes(0, 1, 255) }, bs: { BS: [bytes(1), bytes(2, 3)] }, m: { M: { inner: { B: bytes(9) } } }, l: { L: [{ B: bytes(7) }, { S: 'x' }] } },
  { pk: { S: 'sets' }, ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2.5'] }, ok: { BOOL: true }, none: { NULL: true } },
];

describe('items as wire JSON', () => {
  it('encodes an item as the wire format and decodes it back with binaries as bytes', () => {
    for (const item of items) {
      const text = encodeWireItem(item);
      expect(text).not.toContain('\n');
      expect(decodeWireItem(text)).toEqual(item);
    }
    expect(JSON.parse(encodeWireItem(items[2]!))).toMatchObject({ b: { B: 'AAH/' }, bs: { BS: ['AQ==', 'AgM='] } });
  });

  it('writes strings and names exactly as JSON.stringify does, escapes included', () => {
    const awkward = ['plain', '', 'quote " and back\\slash', 'ctl \u0000\u0001\u001f\u007f', 'line\r\n', '\u2028\u2029', 'pair 😀', 'lone \ud800 high', 'lone \udc00 low', 'é ü ß 中文'];
    for (const text of awkward) {
      const item: Record<string, AttributeValue> = { [text || 'empty']: { S: text }, [`n ${text}`]: { N: '12.5' }, [`m ${text}`]: { M: { [text]: { S: text } } } };
      expect(encodeWireItem(item)).toBe(JSON.stringify(item));
    }
  });

  it('builds the same request body from item texts as from items', () => {
    const table = 'my "table"';
    const fromItems = encodeBatchWriteBodyFromItems(table, items.map(encodeWireItem));
    const fromRequests = encodeBatchWriteBody(table, items.map((Item) => ({ PutRequest: { Item } })));
    expect(JSON.parse(fromItems)).toEqual(JSON.parse(fromRequests));
  });
});

describe('batch messages between the job and its sender workers', () => {
  it('carries a batch as one string, each item encoded once, and reads it into the writers\' entries', () => {
    const outgoing = items.map((item, i) => ({ ordinal: [5, 900_000_001, 3, 12][i]!, wcu: [1, 2, 1, 400][i]!, item }));
    const message = encodeBatchMessage(17, outgoing);
    expect(typeof message).toBe('string');
    expect(message.split('\n')).toHaveLength(1 + items.length);
    const batch = decodeBatchMessage(message);
    expect(batch.id).toBe(17);
    expect(batch.entries).toEqual(outgoing.map((e) => ({ ordinal: e.ordinal, wcu: e.wcu, item: encodeWireItem(e.item) })));
    // The item text is the wire text itself: binary already base64, nothing to decode before it is sent.
    expect(JSON.parse(batch.entries[2]!.item)).toMatchObject({ b: { B: 'AAH/' } });
    expect(decodeBatchMessage(encodeBatchMessage(3, []))).toEqual({ id: 3, entries: [] });
  });

  it('sends a fully written outcome as a string, anything else as an object', () => {
    const written: BatchOutcome = { id: 4, written: [7, 8, 9], skipped: [], rejected: [], unsent: [], consumedWcu: 3.5, retried: 2, latenciesMs: [1.25, 40], fatal: null };
    const text = encodeWrittenOutcome(written, 3);
    expect(text).not.toBeNull();
    expect(decodeWrittenOutcome(text!, (id) => (id === 4 ? [7, 8, 9] : []))).toEqual(written);
    expect(encodeWrittenOutcome({ ...written, written: [7, 8], unsent: [9] }, 3)).toBeNull();
    expect(encodeWrittenOutcome({ ...written, written: [7, 8], rejected: [{ ordinal: 9, reason: 'bad', item: '{}' }] }, 3)).toBeNull();
    expect(encodeWrittenOutcome({ ...written, fatal: { name: 'X', message: 'y' } }, 3)).toBeNull();
    expect(decodeWrittenOutcome(encodeWrittenOutcome({ ...written, latenciesMs: [] }, 3)!, () => [7, 8, 9]).latenciesMs).toEqual([]);
  });
});

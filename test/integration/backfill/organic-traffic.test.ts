import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSpecSchema } from '../../../shared/job-spec';
import { startSandboxEngine, type SandboxEngine } from '../../support/sandbox-engine';
import { scanAll } from '../../support/table-reader';
import { addTtlSpec, createFixtureTable, expectedTtl, fixtureItem, populate } from './backfill-fixtures';

const ITEMS = 30_000;
const LANES = 8;

describe('backfill while the application writes to the same items', () => {
  let world: SandboxEngine;

  beforeAll(async () => {
    world = await startSandboxEngine('backfill-organic');
    const client = world.client;
    await createFixtureTable(client, 'live', { wcu: 10_000, rcu: 6_000 });
    await populate(client, 'live', ITEMS);
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it('loses no organic write, counts the collisions as skipped, and a re-run changes only what was skipped', async () => {
    const client = world.client;
    // The application: each lane owns the items i % LANES == lane and rewrites their date and version in turn, recording what it wrote last.
    const lastWrite = new Map<number, { created: string; version: number }>();
    let stop = false;
    let organicWrites = 0;
    const app = Promise.all(Array.from({ length: LANES }, async (_, lane) => {
      let version = 0;
      while (!stop) {
        const i = lane + LANES * Math.floor(Math.random() * (ITEMS / LANES));
        version++;
        const created = new Date(Date.UTC(2025, 0, 1) + version * 1000 + lane).toISOString();
        await client.send(new UpdateItemCommand({
          TableName: 'live', Key: { pk: fixtureItem(i).pk! },
          UpdateExpression: 'SET created = :c, version = :v', ExpressionAttributeValues: { ':c': { S: created }, ':v': { N: String(version) } },
        }));
        lastWrite.set(i, { created, version });
        organicWrites++;
      }
    }));

    const spec = jobSpecSchema.parse(addTtlSpec(world.sandbox.url, 'live', { rate: { mode: 'fixed', wcuPerSecond: 3_000, rcuPerSecond: 6_000 }, scan: { segments: 128, workers: 2 } }));
    const job = await world.engine.jobs.start(spec);
    const report = await world.engine.jobs.waitForEnd(job.id);
    stop = true;
    await app;
    expect(report?.job.state, report?.error?.message).toBe('completed');
    expect(organicWrites).toBeGreaterThan(500);
    const r = report!.reconciliation;
    expect(r).toMatchObject({ read: ITEMS, rejected: 0, pending: 0, balanced: true });
    expect(r.skipped).toBeGreaterThan(0);

    const items = await scanAll(client, 'live');
    expect(items).toHaveLength(ITEMS);
    const problems: string[] = [];
    let withoutTtl = 0;
    for (const item of items) {
      const i = Number(item.n!.N);
      const original = fixtureItem(i);
      const organic = lastWrite.get(i);
      // No organic write is lost: the item shows the application's last write.
      if (organic && (item.created?.S !== organic.created || item.version?.N !== String(organic.version))) problems.push(`${item.pk!.S}: organic write lost`);
      if (!organic && item.created?.S !== original.created?.S) problems.push(`${item.pk!.S}: date changed by the backfill`);
      if (original.ttl) {
        if (item.ttl?.N !== original.ttl.N) problems.push(`${item.pk!.S}: existing TTL overwritten`);
      } else if (!organic && original.created) {
        if (item.ttl?.N !== expectedTtl(original.created.S!, 30)) problems.push(`${item.pk!.S}: wrong TTL ${item.ttl?.N}`);
      }
      if (!item.ttl && item.created) withoutTtl++;
    }
    expect(problems.slice(0, 10)).toEqual([]);

    // A second run finds only the items whose write was skipped (or that organic writes gave a date), and changes each once.
    const again = await world.engine.jobs.start(spec);
    const second = await world.engine.jobs.waitForEnd(again.id);
    expect(second?.reconciliation).toMatchObject({ read: ITEMS, written: withoutTtl, skipped: 0, pending: 0 });
  }, 180_000);
});

import { ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable } from './sandbox-clients';

async function admin(sandbox: SandboxHandle, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sandbox.url}/_sandbox/${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: await res.json() };
}

describe('sandbox admin API and faults', () => {
  let sandbox: SandboxHandle;
  let clients: ReturnType<typeof clientsFor>;
  let draws: number[] = [];

  beforeAll(async () => {
    // Fault draws come from this list, so each test decides exactly what happens.
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock: createManualClock(), random: () => draws.shift() ?? 0.99 });
    clients = clientsFor(sandbox);
  });
  afterAll(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('shows tables with partitions and their load for the heat map', async () => {
    await createTable(clients.dynamo, { TableName: 'heat', ProvisionedThroughput: { ReadCapacityUnits: 3000, WriteCapacityUnits: 3000 } });
    await clients.dynamo.send(new PutItemCommand({ TableName: 'heat', Item: { pk: { S: 'one' }, v: { S: 'x'.repeat(5000) } } }));
    await admin(sandbox, 'POST', 'clock/advance', { ms: 1000 });
    const { status, json } = await admin(sandbox, 'GET', 'tables/heat');
    expect(status).toBe(200);
    const view = json as { table: { mode: string; writeCapacityUnits: number; partitions: { writeUnitsPerSecond: number; writeLimitPerSecond: number }[] } };
    expect(view.table.mode).toBe('PROVISIONED');
    expect(view.table.partitions).toHaveLength(4);
    expect(view.table.partitions.map((p) => p.writeUnitsPerSecond).sort((a, b) => b - a)).toEqual([5, 0, 0, 0]);
    expect(view.table.partitions[0]?.writeLimitPerSecond).toBe(1000);
    const state = (await admin(sandbox, 'GET', 'state')).json as { tables: { name: string }[]; manualClock: boolean };
    expect(state.manualClock).toBe(true);
    expect(state.tables.map((t) => t.name)).toContain('heat');
    expect((await admin(sandbox, 'GET', 'tables/missing')).status).toBe(404);
    expect((await admin(sandbox, 'PUT', 'tables/heat/organic', { writeUnitsPerSecond: -5 })).status).toBe(400);
  });

  it('injects 500 and 503 errors, latency and dropped connections, per table or global', async () => {
    const { dynamo } = clients;
    await createTable(dynamo, { TableName: 'faulty', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } });
    await admin(sandbox, 'PUT', 'tables/faulty/faults', { errorRate: 1, serviceUnavailableShare: 0.5 });
    draws = [0.1, 0.1];
    await expect(dynamo.send(new PutItemCommand({ TableName: 'faulty', Item: { pk: { S: 'a' } } }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    draws = [0.1, 0.9];
    await expect(dynamo.send(new PutItemCommand({ TableName: 'faulty', Item: { pk: { S: 'a' } } }))).rejects.toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
    // Other tables are untouched by a per-table fault.
    await dynamo.send(new PutItemCommand({ TableName: 'heat', Item: { pk: { S: 'fine' } } }));

    await admin(sandbox, 'PUT', 'tables/faulty/faults', { dropRate: 1 });
    draws = [0.1];
    await expect(dynamo.send(new PutItemCommand({ TableName: 'faulty', Item: { pk: { S: 'a' } } }))).rejects.toThrow();
    await admin(sandbox, 'DELETE', 'tables/faulty/faults');

    await admin(sandbox, 'PUT', 'faults', { global: { latencyMs: 300 } });
    const started = Date.now();
    await dynamo.send(new ListTablesCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await admin(sandbox, 'PUT', 'faults', {});
    expect(((await admin(sandbox, 'GET', 'faults')).json as { global: { latencyMs: number } }).global.latencyMs).toBe(0);
  });

  it('resets to an empty sandbox', async () => {
    expect((await admin(sandbox, 'POST', 'reset')).status).toBe(200);
    expect((await clients.dynamo.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    expect(((await admin(sandbox, 'GET', 'state')).json as { tables: unknown[] }).tables).toEqual([]);
    await createTable(clients.dynamo, { TableName: 'heat', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
  });
});

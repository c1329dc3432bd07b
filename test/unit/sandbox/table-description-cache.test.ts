import { afterEach, describe, expect, it } from 'vitest';
import { DynaliteEngine } from '../../../electron/sandbox/dynalite-engine';

const engines: DynaliteEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

async function createTable(engine: DynaliteEngine, name: string, key: { name: string; type: 'S' | 'N' }): Promise<void> {
  await engine.run(
    'CreateTable',
    engine.validate('CreateTable', {
      TableName: name,
      AttributeDefinitions: [{ AttributeName: key.name, AttributeType: key.type }],
      KeySchema: [{ AttributeName: key.name, KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    }),
  );
  // dynalite makes a table ACTIVE on a timer (0 ms here): wait for it, bounded.
  for (let i = 0; (await engine.getTable(name))?.TableStatus !== 'ACTIVE'; i++) {
    if (i > 100) throw new Error(`table ${name} never became ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function deleteTable(engine: DynaliteEngine, name: string): Promise<void> {
  await engine.run('DeleteTable', engine.validate('DeleteTable', { TableName: name }));
  for (let i = 0; (await engine.getTable(name)) !== undefined; i++) {
    if (i > 100) throw new Error(`table ${name} was never deleted`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const put = (engine: DynaliteEngine, item: Record<string, unknown>) => engine.run('PutItem', engine.validate('PutItem', { TableName: 'tbl', Item: item }));

describe('item operations read table descriptions from a cache that every table change clears', () => {
  it('a table deleted and created again with another key schema is seen with its new schema at once', async () => {
    const engine = new DynaliteEngine({});
    engines.push(engine);
    await createTable(engine, 'tbl', { name: 'pk', type: 'S' });
    await put(engine, { pk: { S: 'a' } }); // the first item operation fills the cache
    await put(engine, { pk: { S: 'b' } });
    await deleteTable(engine, 'tbl');
    await expect(put(engine, { pk: { S: 'c' } })).rejects.toMatchObject({ body: { __type: expect.stringContaining('ResourceNotFoundException') } });
    await createTable(engine, 'tbl', { name: 'id', type: 'N' });
    await expect(put(engine, { pk: { S: 'd' } })).rejects.toMatchObject({ body: { message: expect.stringContaining('Missing the key id') } });
    await put(engine, { id: { N: '1' } });
    const scanned = await engine.run('Scan', engine.validate('Scan', { TableName: 'tbl' }));
    expect(scanned.Items).toEqual([{ id: { N: '1' } }]);
  });

  it('a description rewritten in the store (auto scaling) reaches item operations', async () => {
    const engine = new DynaliteEngine({});
    engines.push(engine);
    await createTable(engine, 'tbl', { name: 'pk', type: 'S' });
    await put(engine, { pk: { S: 'a' } });
    const stored = (await engine.getTable('tbl'))!;
    // A rewrite that item operations notice: the key attribute's type changes.
    stored.AttributeDefinitions = [{ AttributeName: 'pk', AttributeType: 'N' }];
    await engine.putTable(stored);
    await expect(put(engine, { pk: { S: 'b' } })).rejects.toMatchObject({ body: { message: expect.stringContaining('Type mismatch for key pk') } });
    await put(engine, { pk: { N: '2' } });
  });
});

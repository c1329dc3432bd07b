import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { commandRequests } from '../../shared/contract';
import { createDynamoClient } from '../engine/dynamo/client-target';
import { Engine } from '../engine/engine';
import { createTable, describeTable } from '../engine/tables/table-catalog';
import { connectionFromFlags, withConnectionOptions, type ConnectionFlags } from './connection-options';
import { defaultDataDir, type EntryPaths } from './entry-paths';

interface TableFlags extends ConnectionFlags {
  pk?: string;
  sk?: string;
  rcu?: string;
  wcu?: string;
  confirm?: string;
  dataDir: string;
}

/** `NAME:TYPE` of a key attribute (type S, N or B; S when left out), checked; errors name the flag. */
function keyOf(flag: string, value: string): { name: string; type: 'S' | 'N' | 'B' } {
  const [name, type = 'S'] = value.split(':');
  if (!name || !['S', 'N', 'B'].includes(type)) throw new Error(`${flag} takes NAME or NAME:S|N|B (got "${value}")`);
  return { name, type: type as 'S' | 'N' | 'B' };
}

/**
 * `capstan table create|describe|delete`: what the app's Tables page does, from the
 * terminal, so every README example can prepare its own table (the sandbox included).
 */
export function registerTableCommand(program: Command, paths: EntryPaths): void {
  const table = program.command('table').description('create, describe or delete a table');
  const withConnection = (command: Command) => withConnectionOptions(command).option('--data-dir <dir>', 'where jobs are kept', defaultDataDir());
  const clientFor = async (flags: TableFlags) => {
    const engine = await Engine.start({ dataDir: flags.dataDir, workerScripts: paths.workerScripts, sandbox: false });
    const client = createDynamoClient(engine.targetFor(connectionFromFlags(flags)), { maxSockets: 2, requestTimeoutMs: 15_000 });
    return { client, close: async () => { client.destroy(); await engine.close(); } };
  };

  withConnection(table.command('create <name>').description('create a table (on-demand unless --wcu/--rcu)'))
    .requiredOption('--pk <name[:type]>', 'partition key, e.g. pk or pk:S')
    .option('--sk <name[:type]>', 'sort key, e.g. created:N')
    .option('--wcu <n>', 'provisioned write capacity (with --rcu)')
    .option('--rcu <n>', 'provisioned read capacity (with --wcu)')
    .action(async (name: string, flags: TableFlags) => {
      const billing = flags.wcu || flags.rcu ? { mode: 'PROVISIONED' as const, wcu: Number(flags.wcu ?? 1), rcu: Number(flags.rcu ?? 1) } : { mode: 'PAY_PER_REQUEST' as const };
      const request = commandRequests.createTable.omit({ connectionId: true }).safeParse({
        tableName: name, partitionKey: keyOf('--pk', flags.pk!), ...(flags.sk ? { sortKey: keyOf('--sk', flags.sk) } : {}), billing,
      });
      if (!request.success) throw new Error(request.error.issues.map((i) => `${i.path.join('.') || 'table'}: ${i.message}`).join('; '));
      const { client, close } = await clientFor(flags);
      try {
        const created = await createTable(client, request.data);
        console.log(`Created ${created.name} (${created.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : `${created.writeCapacityUnits} WCU, ${created.readCapacityUnits} RCU`}), status ${created.status}`);
      } finally {
        await close();
      }
    });

  withConnection(table.command('describe <name>').description('print a table\'s key schema, capacity, indexes and item count (JSON)'))
    .action(async (name: string, flags: TableFlags) => {
      const { client, close } = await clientFor(flags);
      try {
        console.log(JSON.stringify(await describeTable(client, name), null, 2));
      } finally {
        await close();
      }
    });

  withConnection(table.command('delete <name>').description('delete a table and every item in it'))
    .requiredOption('--confirm <name>', 'the table\'s name again: deleting cannot be undone')
    .action(async (name: string, flags: TableFlags) => {
      if (flags.confirm !== name) throw new Error(`Deleting ${name} removes every item in it: give --confirm ${name}`);
      const { client, close } = await clientFor(flags);
      try {
        await client.send(new DeleteTableCommand({ TableName: name }));
        console.log(`Deleted ${name}`);
      } finally {
        await close();
      }
    });
}

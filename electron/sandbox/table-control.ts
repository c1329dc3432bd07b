import type { CapacitySettings } from './capacity-resource';
import type { DynaliteEngine, StoredTable } from './dynalite-engine';
import type { Answer } from './dynamodb-front';
import { DecreaseLimitError, settingsOfStored, type CapacityExtras, type OnDemandThroughput, type SandboxModel } from './sandbox-model';
import { schemaOf, type TableModel } from './table-model';
import type { TableTransitions } from './table-transitions';
import { limitExceeded } from './throttle-errors';

type Data = Record<string, unknown>;

/** A 200 answer. */
export function ok(body: unknown): Answer {
  return { status: 200, body };
}

function onDemandOf(value: unknown): OnDemandThroughput | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const out: OnDemandThroughput = {};
  if (typeof v.MaxReadRequestUnits === 'number') out.MaxReadRequestUnits = v.MaxReadRequestUnits;
  if (typeof v.MaxWriteRequestUnits === 'number') out.MaxWriteRequestUnits = v.MaxWriteRequestUnits;
  return out;
}


/**
 * The control plane of the DynamoDB face: CreateTable, UpdateTable and DeleteTable keep
 * the capacity model, the stored description and the table phases in step, and
 * `decorate` shows the model's truth in every table description.
 */
export class TableControl {
  constructor(
    private readonly engine: DynaliteEngine,
    private readonly model: SandboxModel,
    private readonly stored: Map<string, StoredTable>,
    private readonly transitions: TableTransitions,
    private readonly table: (name: unknown) => Promise<{ stored: StoredTable; model: TableModel } | undefined>,
  ) {}

  private extrasOf(raw: Data): CapacityExtras {
    const extras: CapacityExtras = {};
    const table = onDemandOf(raw.OnDemandThroughput);
    if (table) extras.table = table;
    const indexes = new Map<string, OnDemandThroughput>();
    for (const gsi of (Array.isArray(raw.GlobalSecondaryIndexes) ? raw.GlobalSecondaryIndexes : []) as Data[]) {
      const od = onDemandOf(gsi.OnDemandThroughput);
      if (od && typeof gsi.IndexName === 'string') indexes.set(gsi.IndexName, od);
    }
    if (indexes.size > 0) extras.indexes = indexes;
    return extras;
  }

  async createTable(data: Data, raw: Data): Promise<Answer> {
    const res = await this.engine.run('CreateTable', data);
    const stored = res.TableDescription as StoredTable;
    this.stored.delete(stored.TableName);
    this.model.addTable(stored, this.extrasOf(raw));
    this.transitions.created(stored.TableName, this.model.now());
    this.decorate(res.TableDescription as Data);
    return ok(res);
  }

  private changeOf(t: { model: TableModel }, data: Data, raw: Data): { table?: CapacitySettings; indexes: Map<string, CapacitySettings> } {
    const current = t.model.targetSettings() as CapacitySettings;
    const mode = data.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : data.BillingMode === 'PROVISIONED' ? 'PROVISIONED' : current.mode;
    const pt = data.ProvisionedThroughput as { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined;
    const od = onDemandOf(raw.OnDemandThroughput);
    const change: { table?: CapacitySettings; indexes: Map<string, CapacitySettings> } = { indexes: new Map() };
    if (pt || od || mode !== current.mode) {
      const next: CapacitySettings = { ...current, mode };
      if (mode === 'PROVISIONED' && pt) {
        next.readCapacityUnits = pt.ReadCapacityUnits;
        next.writeCapacityUnits = pt.WriteCapacityUnits;
      }
      if (mode === 'PAY_PER_REQUEST') {
        next.readCapacityUnits = 0;
        next.writeCapacityUnits = 0;
      }
      if (od?.MaxReadRequestUnits !== undefined) next.maxReadRequestUnits = od.MaxReadRequestUnits;
      if (od?.MaxWriteRequestUnits !== undefined) next.maxWriteRequestUnits = od.MaxWriteRequestUnits;
      change.table = next;
    }
    for (const update of (Array.isArray(raw.GlobalSecondaryIndexUpdates) ? raw.GlobalSecondaryIndexUpdates : []) as Data[]) {
      const u = update.Update as Data | undefined;
      if (!u || typeof u.IndexName !== 'string') continue;
      const currentIndex = t.model.targetSettings(u.IndexName);
      if (!currentIndex) continue;
      const next: CapacitySettings = { ...currentIndex };
      const ipt = u.ProvisionedThroughput as { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined;
      if (ipt?.ReadCapacityUnits !== undefined) next.readCapacityUnits = ipt.ReadCapacityUnits;
      if (ipt?.WriteCapacityUnits !== undefined) next.writeCapacityUnits = ipt.WriteCapacityUnits;
      const iod = onDemandOf(u.OnDemandThroughput);
      if (iod?.MaxReadRequestUnits !== undefined) next.maxReadRequestUnits = iod.MaxReadRequestUnits;
      if (iod?.MaxWriteRequestUnits !== undefined) next.maxWriteRequestUnits = iod.MaxWriteRequestUnits;
      change.indexes.set(u.IndexName, next);
    }
    if (change.table && mode !== current.mode) {
      for (const [name, resource] of t.model.indexes) if (!change.indexes.has(name)) change.indexes.set(name, { ...resource.settings, mode, ...(mode === 'PAY_PER_REQUEST' ? { readCapacityUnits: 0, writeCapacityUnits: 0 } : {}) });
    }
    return change;
  }

  async updateTable(data: Data, raw: Data): Promise<Answer> {
    const t = await this.table(data.TableName);
    if (!t) return ok(await this.engine.run('UpdateTable', data));
    const nowMs = this.model.now();
    const change = this.changeOf(t, data, raw);
    const onlyOnDemand =
      raw.OnDemandThroughput !== undefined && data.ProvisionedThroughput === undefined && data.BillingMode === undefined && data.GlobalSecondaryIndexUpdates === undefined;
    let res: Data;
    if (onlyOnDemand) {
      res = { TableDescription: (await this.engine.run('DescribeTable', { TableName: t.model.name })).Table };
    } else {
      // The decrease budget is checked before dynalite stores anything, and dynalite
      // compares against the capacity the model (and auto scaling) set.
      const refusal = this.model.decreaseRefusal(t.model, { ...(change.table ? { table: change.table } : {}), indexes: change.indexes }, nowMs);
      if (refusal) return limitExceeded(refusal);
      await this.syncStoredCapacity(t.model.name);
      res = await this.engine.run('UpdateTable', data);
    }
    if (change.table || change.indexes.size > 0) {
      try {
        this.model.requestCapacity(t.model, { ...(change.table ? { table: change.table } : {}), indexes: change.indexes }, nowMs);
      } catch (error) {
        if (error instanceof DecreaseLimitError) return limitExceeded(error.message);
        throw error;
      }
    }
    const stored = await this.engine.getTable(t.model.name);
    if (stored) {
      this.stored.set(stored.TableName, stored);
      t.model.syncIndexes(schemaOf(stored), settingsOfStored(stored, this.extrasOf(raw)).indexes, this.model.metrics, nowMs);
    }
    this.decorate(res.TableDescription as Data | undefined);
    return ok(res);
  }

  /**
   * Brings dynalite's stored capacity in line with the model before dynalite compares
   * against it (auto scaling changes capacity without a client UpdateTable).
   */
  async syncStoredCapacity(tableName: string): Promise<void> {
    const model = this.model.tables.get(tableName);
    const stored = await this.engine.getTable(tableName);
    if (!model || !stored) return;
    const s = model.table.settings;
    if (s.mode === 'PROVISIONED' && stored.ProvisionedThroughput) {
      stored.ProvisionedThroughput.ReadCapacityUnits = s.readCapacityUnits;
      stored.ProvisionedThroughput.WriteCapacityUnits = s.writeCapacityUnits;
    }
    for (const gsi of stored.GlobalSecondaryIndexes ?? []) {
      const gs = model.indexes.get(gsi.IndexName)?.settings;
      if (gs && gs.mode === 'PROVISIONED' && gsi.ProvisionedThroughput) {
        gsi.ProvisionedThroughput.ReadCapacityUnits = gs.readCapacityUnits;
        gsi.ProvisionedThroughput.WriteCapacityUnits = gs.writeCapacityUnits;
      }
    }
    await this.engine.putTable(stored);
  }

  async deleteTable(data: Data): Promise<Answer> {
    const res = await this.engine.run('DeleteTable', data);
    const name = data.TableName as string;
    this.stored.delete(name);
    this.model.removeTable(name);
    this.transitions.deleted(name, res.TableDescription as Data, this.model.now());
    return ok(res);
  }

  /** Shows the model's truth in a table description: capacity being applied, status, maxima, decreases. */
  decorate(desc: Data | undefined): void {
    if (!desc || typeof desc.TableName !== 'string') return;
    const model = this.model.tables.get(desc.TableName);
    if (!model) return;
    const nowMs = this.model.now();
    const s = model.targetSettings() as CapacitySettings;
    if (model.pending.length > 0 && desc.TableStatus === 'ACTIVE') desc.TableStatus = 'UPDATING';
    const pt = desc.ProvisionedThroughput as Data | undefined;
    if (pt) {
      if (s.mode === 'PROVISIONED') {
        pt.ReadCapacityUnits = s.readCapacityUnits;
        pt.WriteCapacityUnits = s.writeCapacityUnits;
      }
      pt.NumberOfDecreasesToday = model.decreases.countToday(nowMs);
    }
    if (s.mode === 'PAY_PER_REQUEST') desc.OnDemandThroughput = { MaxReadRequestUnits: s.maxReadRequestUnits ?? -1, MaxWriteRequestUnits: s.maxWriteRequestUnits ?? -1 };
    for (const gsi of (Array.isArray(desc.GlobalSecondaryIndexes) ? desc.GlobalSecondaryIndexes : []) as Data[]) {
      const gs = model.targetSettings(gsi.IndexName as string);
      if (!gs) continue;
      const gpt = gsi.ProvisionedThroughput as Data | undefined;
      if (gpt && gs.mode === 'PROVISIONED') {
        gpt.ReadCapacityUnits = gs.readCapacityUnits;
        gpt.WriteCapacityUnits = gs.writeCapacityUnits;
      }
      if (gs.mode === 'PAY_PER_REQUEST') gsi.OnDemandThroughput = { MaxReadRequestUnits: gs.maxReadRequestUnits ?? -1, MaxWriteRequestUnits: gs.maxWriteRequestUnits ?? -1 };
    }
  }
}

// The DynamoDB front's dispatch: it validates every call as dynalite's HTTP front does,
// applies table phases, and hands data-plane calls to write-path.ts and read-path.ts
// (shared helpers in front-context.ts) and control-plane calls to table-control.ts.
import { DYNALITE_OPERATIONS, type DynaliteEngine, type DynaliteOperation, type StoredTable } from './dynalite-engine';
import type { SandboxModel } from './sandbox-model';
import { attributeValueRefusal } from './attribute-value-rules';
import { fromError, type Answer, type Data, type FrontContext, type FrontTable } from './front-context';
import { answerOwnOperation, OWN_OPERATIONS } from './own-operations';
import { batchGet, singleRead } from './read-path';
import { ok, TableControl } from './table-control';
import { TableTransitions } from './table-transitions';
import { tableNotFound } from './throttle-errors';
import { batchWrite, singleWrite } from './write-path';

export type { Answer } from './front-context';

/**
 * The DynamoDB face of the sandbox: every data-plane call passes the capacity model
 * (admission before the write, exact charge after), then dynalite does the storage
 * work. Control-plane calls keep the model in step with the tables.
 */
export class DynamoDbFront implements FrontContext {
  private readonly stored = new Map<string, StoredTable>();
  /** CREATING and DELETING phases of tables (dynalite makes tables ACTIVE at once). */
  readonly transitions: TableTransitions;
  private readonly control: TableControl;

  constructor(
    readonly engine: DynaliteEngine,
    readonly model: SandboxModel,
    tableStatusDelayMs: number,
  ) {
    this.transitions = new TableTransitions(tableStatusDelayMs);
    this.control = new TableControl(engine, model, this.stored, this.transitions, (name) => this.table(name));
  }

  /**
   * Brings dynalite's stored capacity in line with the model (auto scaling changes
   * capacity without a client UpdateTable).
   */
  syncStoredCapacity(tableName: string): Promise<void> {
    return this.control.syncStoredCapacity(tableName);
  }

  /** Whether the sandbox answers this DynamoDB operation (else UnknownOperationException). */
  static knows(operation: string): boolean {
    return (OWN_OPERATIONS as readonly string[]).includes(operation) || (DYNALITE_OPERATIONS as readonly string[]).includes(operation);
  }

  /** Table names a request touches (for per-table faults). */
  static tableNames(data: unknown): string[] {
    if (typeof data !== 'object' || data === null) return [];
    const d = data as Data;
    if (typeof d.TableName === 'string') return [d.TableName];
    if (typeof d.RequestItems === 'object' && d.RequestItems !== null) return Object.keys(d.RequestItems);
    return [];
  }

  /** Forgets cached descriptions and table phases (admin reset). */
  clearCache(): void {
    this.stored.clear();
    this.transitions.clear();
  }

  /** Answers one call; `data` is the parsed JSON body. */
  async handle(operation: string, data: unknown): Promise<Answer> {
    if ((OWN_OPERATIONS as readonly string[]).includes(operation)) return this.own(operation, data);
    if (!(DYNALITE_OPERATIONS as readonly string[]).includes(operation)) {
      return { status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } };
    }
    const op = operation as DynaliteOperation;
    const raw = (typeof data === 'object' && data !== null ? data : {}) as Data;
    const refused = attributeValueRefusal(op, raw);
    if (refused) return refused;
    let validated: Data;
    try {
      // dynalite's checks drop fields it does not know (OnDemandThroughput), so control-plane
      // calls validate a copy; data-plane calls skip the copy (it is the hot path).
      validated = this.engine.validate(op, op === 'CreateTable' || op === 'UpdateTable' ? structuredClone(raw) : raw);
    } catch (error) {
      return fromError(error);
    }
    if (!this.transitions.idle) {
      const nowMs = this.model.now();
      const refusal = this.transitions.refusal(op, validated, nowMs);
      if (refusal) return refusal;
      const deleting = op === 'DescribeTable' ? this.transitions.deletingDescription(validated.TableName as string, nowMs) : undefined;
      if (deleting) return ok({ Table: deleting });
    }
    try {
      switch (op) {
        case 'PutItem':
        case 'UpdateItem':
        case 'DeleteItem':
          return await singleWrite(this, op, validated);
        case 'BatchWriteItem':
          return await batchWrite(this, validated, raw);
        case 'GetItem':
        case 'Query':
        case 'Scan':
          return await singleRead(this, op, validated);
        case 'BatchGetItem':
          return await batchGet(this, validated);
        case 'CreateTable':
          return await this.control.createTable(validated, raw);
        case 'UpdateTable':
          return await this.control.updateTable(validated, raw);
        case 'DeleteTable':
          return await this.control.deleteTable(validated);
        case 'DescribeTable': {
          const res = await this.engine.run(op, validated);
          this.control.decorate(res.Table as Data | undefined);
          if (res.Table) this.transitions.decorate(res.Table as Data, this.model.now());
          return ok(res);
        }
        default:
          return ok(await this.engine.run(op, validated));
      }
    } catch (error) {
      return fromError(error);
    }
  }

  /** The stored description and model of a table, registering tables found on disk. */
  async table(name: unknown): Promise<FrontTable | undefined> {
    if (typeof name !== 'string') return undefined;
    let stored = this.stored.get(name);
    let model = this.model.tables.get(name);
    if (stored && model) return { stored, model };
    stored = await this.engine.getTable(name);
    if (!stored || stored.TableStatus === 'CREATING' || stored.TableStatus === 'DELETING') return undefined;
    this.stored.set(name, stored);
    model ??= this.model.addTable(stored);
    return { stored, model };
  }

  /**
   * Operations dynalite lacks (TTL, backups): the table name is validated as dynalite
   * validates DescribeTimeToLive (SerializationException for a non-string, DynamoDB's
   * ValidationException wording for a bad name), then the sandbox answers from its state.
   */
  private async own(operation: string, data: unknown): Promise<Answer> {
    let name: string;
    try {
      // dynalite's checks drop the fields they do not know: validate the name alone.
      const d = typeof data === 'object' && data !== null ? (data as Data) : {};
      name = this.engine.validate('DescribeTimeToLive', 'TableName' in d ? { TableName: d.TableName } : {}).TableName as string;
    } catch (error) {
      return fromError(error);
    }
    const t = await this.table(name);
    if (!t) return tableNotFound(name);
    return answerOwnOperation(operation, data as Data, t.model, this.model.now());
  }
}

import type { ErrorAnswer } from './throttle-errors';

/**
 * How long a new table stays CREATING and a deleted one DELETING unless configured.
 * AWS publishes no figure; small tables take a few seconds (longer with indexes). Three
 * seconds is enough that a client which does not wait for ACTIVE fails in rehearsal as
 * it would against the service, and short enough not to slow a first run of the app.
 */
export const DEFAULT_TABLE_STATUS_DELAY_MS = 3_000;

type Data = Record<string, unknown>;

const PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** Operations that read or write items: a CREATING table does not exist for them yet. */
const ITEM_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'Query', 'Scan', 'BatchWriteItem', 'BatchGetItem']);

function inUse(message: string): ErrorAnswer {
  return { status: 400, body: { __type: `${PREFIX}ResourceInUseException`, message } };
}

function notFound(message: string): ErrorAnswer {
  return { status: 400, body: { __type: `${PREFIX}ResourceNotFoundException`, message } };
}

/**
 * The CREATING and DELETING phases of tables, on the sandbox clock. dynalite makes a
 * table ACTIVE (or gone) at once; this overlay makes the service's phases visible:
 * DescribeTable reports them, item calls on a CREATING table answer
 * ResourceNotFoundException, and changing a table in either phase answers
 * ResourceInUseException, so clients that wait for ACTIVE are exercised.
 */
export class TableTransitions {
  private readonly creating = new Map<string, number>();
  private readonly deleting = new Map<string, { goneAtMs: number; description: Data }>();

  constructor(readonly delayMs: number) {}

  /** True when no table is in a phase: the hot path skips every lookup. */
  get idle(): boolean {
    return this.creating.size === 0 && this.deleting.size === 0;
  }

  /** A table was just created. */
  created(name: string, nowMs: number): void {
    this.deleting.delete(name);
    if (this.delayMs > 0) this.creating.set(name, nowMs + this.delayMs);
  }

  /** A table was just deleted; its last description is shown (DELETING) until the delay ends. */
  deleted(name: string, description: Data, nowMs: number): void {
    this.creating.delete(name);
    if (this.delayMs > 0) this.deleting.set(name, { goneAtMs: nowMs + this.delayMs, description: { ...description, TableStatus: 'DELETING' } });
  }

  /** Whether `name` is still CREATING at `nowMs` (forgets phases that ended). */
  isCreating(name: string, nowMs: number): boolean {
    const until = this.creating.get(name);
    if (until === undefined) return false;
    if (nowMs < until) return true;
    this.creating.delete(name);
    return false;
  }

  /** The description of a table still DELETING at `nowMs`, or undefined. */
  deletingDescription(name: string, nowMs: number): Data | undefined {
    const entry = this.deleting.get(name);
    if (!entry) return undefined;
    if (nowMs < entry.goneAtMs) return structuredClone(entry.description);
    this.deleting.delete(name);
    return undefined;
  }

  /**
   * The answer DynamoDB gives to `operation` on a table in a phase, or undefined when
   * the call proceeds (DescribeTable is decorated by `describe` instead).
   */
  refusal(operation: string, data: Data, nowMs: number): ErrorAnswer | undefined {
    if (ITEM_OPERATIONS.has(operation)) {
      if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
        const names = typeof data.RequestItems === 'object' && data.RequestItems !== null ? Object.keys(data.RequestItems) : [];
        return names.some((n) => this.isCreating(n, nowMs)) ? notFound('Requested resource not found') : undefined;
      }
      const name = data.TableName as string;
      return this.isCreating(name, nowMs) ? notFound(`Requested resource not found: Table: ${name} not found`) : undefined;
    }
    const name = data.TableName as string;
    if (operation === 'UpdateTable' || operation === 'DeleteTable') {
      if (this.isCreating(name, nowMs)) return inUse(`Attempt to change a resource which is still in use: Table is being created: ${name}`);
      if (this.deletingDescription(name, nowMs)) return inUse(`Attempt to change a resource which is still in use: Table is being deleted: ${name}`);
    }
    if (operation === 'CreateTable' && this.deletingDescription(name, nowMs)) return inUse(`Attempt to change a resource which is still in use: Table is being deleted: ${name}`);
    return undefined;
  }

  /** Sets the phase on a DescribeTable/CreateTable description of a CREATING table. */
  decorate(description: Data, nowMs: number): void {
    if (!this.isCreating(description.TableName as string, nowMs)) return;
    description.TableStatus = 'CREATING';
    for (const gsi of (Array.isArray(description.GlobalSecondaryIndexes) ? description.GlobalSecondaryIndexes : []) as Data[]) gsi.IndexStatus = 'CREATING';
  }

  /** Forgets every phase (admin reset). */
  clear(): void {
    this.creating.clear();
    this.deleting.clear();
  }
}

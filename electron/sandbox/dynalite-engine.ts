import { createRequire } from 'node:module';
import type { AttributeValue, Item } from './item-size';
import { withTableDescriptionCache } from './table-description-cache';

const requireCjs = createRequire(import.meta.url);

/** An error as dynalite raises it: an HTTP status and the JSON body DynamoDB would send. */
export interface DynaliteError {
  statusCode: number;
  body: { __type: string; message?: string; Message?: string };
}

/** True for errors that carry a DynamoDB answer (as opposed to bugs). */
export function isDynaliteError(error: unknown): error is DynaliteError {
  return typeof error === 'object' && error !== null && typeof (error as DynaliteError).statusCode === 'number' && typeof (error as DynaliteError).body === 'object';
}

/** The parts of a stored table description the capacity model reads. */
export interface StoredTable {
  TableName: string;
  TableArn: string;
  TableStatus: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  BillingModeSummary?: { BillingMode: string };
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number; NumberOfDecreasesToday?: number; LastIncreaseDateTime?: number; LastDecreaseDateTime?: number };
  GlobalSecondaryIndexes?: {
    IndexName: string;
    IndexArn: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
    ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number; NumberOfDecreasesToday?: number };
    IndexStatus?: string;
  }[];
  LocalSecondaryIndexes?: {
    IndexName: string;
    IndexArn: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  }[];
  [key: string]: unknown;
}

type Callback<T> = (err: unknown, result?: T) => void;

interface LevelLike {
  get(key: string, cb: Callback<unknown>): void;
  put(key: string, value: unknown, cb: Callback<void>): void;
  del?(key: string, cb: Callback<void>): void;
  batch?(operations: { key: string }[], cb: Callback<void>): void;
}

interface DynaliteStore {
  tableDb: LevelLike;
  getItemDb(name: string): LevelLike;
  getTable(name: string, checkStatus: boolean | Callback<StoredTable>, cb?: Callback<StoredTable>): void;
  lifecycleManager?: { gracefulClose(cb: Callback<void>): void };
  db: { close(cb: Callback<void>): void };
}

interface DynaliteDb {
  create(options: Record<string, unknown>): DynaliteStore;
  createKey(item: Item, table: StoredTable, keySchema?: { AttributeName: string; KeyType: string }[]): string;
  validateItem(item: Item, table: StoredTable): DynaliteError | undefined | null;
  validateKey(key: Item, table: StoredTable): DynaliteError | undefined | null;
  validateUpdates(attributeUpdates: unknown, expressionUpdates: unknown, table: StoredTable): DynaliteError | undefined | null;
  validationError(message: string): DynaliteError;
}

/**
 * Hash position (0..2^24-1) of a partition key value, as dynalite orders items and the
 * sandbox maps them to partitions. Tests use it to aim keys at partitions.
 */
export function hashPositionOf(value: AttributeValue): number {
  const db = requireCjs('dynalite/db') as { hashPrefix(value: unknown, type: string): string };
  const type = Object.keys(value)[0] as string;
  return parseInt(db.hashPrefix(value[type], type), 16);
}

interface DynaliteValidations {
  checkTypes(data: unknown, types: unknown): Record<string, unknown>;
  checkValidations(data: unknown, types: unknown, custom: unknown, store: DynaliteStore): void;
}

type Action = (store: DynaliteStore, data: Record<string, unknown>, cb: Callback<Record<string, unknown>>) => void;

/** The DynamoDB operations dynalite implements. */
export const DYNALITE_OPERATIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'DescribeTimeToLive',
  'GetItem',
  'ListTables',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'UntagResource',
  'ListTagsOfResource',
  'UpdateItem',
  'UpdateTable',
] as const;

/** One of dynalite's operations. */
export type DynaliteOperation = (typeof DYNALITE_OPERATIONS)[number];

/** Operations on items: they read a table's description but never change it. */
const ITEM_OPERATIONS: ReadonlySet<string> = new Set(['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem']);

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * dynalite driven in-process: its validations, actions and LevelDB store are called
 * directly instead of through a second HTTP hop, which is what lets the capacity model
 * sit in front of it and still keep most of dynalite's own throughput. Expressions,
 * conditions, validation and parallel Scan stay dynalite's.
 */
export class DynaliteEngine {
  private readonly db: DynaliteDb = requireCjs('dynalite/db') as DynaliteDb;
  private readonly validations: DynaliteValidations = requireCjs('dynalite/validations') as DynaliteValidations;
  private readonly actions = new Map<string, Action>();
  private readonly actionValidations = new Map<string, { types: unknown; custom?: unknown }>();
  readonly store: DynaliteStore;
  /** The store as item operations see it: table descriptions come from a cache. */
  private readonly itemStore: DynaliteStore;

  constructor(options: { path?: string }) {
    this.store = this.db.create({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(options.path ? { path: options.path } : {}),
    });
    this.itemStore = withTableDescriptionCache(this.store);
    for (const op of DYNALITE_OPERATIONS) {
      const name = lowerFirst(op);
      this.actions.set(op, requireCjs(`dynalite/actions/${name}`) as Action);
      this.actionValidations.set(op, requireCjs(`dynalite/validations/${name}`) as { types: unknown; custom?: unknown });
    }
  }

  /** Type-checks and validates a request exactly as dynalite's HTTP front does; throws DynaliteError. */
  validate(op: DynaliteOperation, data: unknown): Record<string, unknown> {
    const v = this.actionValidations.get(op);
    if (!v) throw new Error(`unknown operation ${op}`);
    const typed = this.validations.checkTypes(data, v.types);
    this.validations.checkValidations(typed, v.types, v.custom, this.store);
    return typed;
  }

  /** Runs an already validated request. */
  run(op: DynaliteOperation, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const action = this.actions.get(op);
    if (!action) return Promise.reject(new Error(`unknown operation ${op}`));
    const store = ITEM_OPERATIONS.has(op) ? this.itemStore : this.store;
    return new Promise((resolve, reject) => {
      action(store, data, (err, result) => (err ? reject(err) : resolve(result ?? {})));
    });
  }

  /** The stored description of a table (any status), or undefined. */
  getTable(name: string): Promise<StoredTable | undefined> {
    return new Promise((resolve, reject) => {
      this.store.getTable(name, false, (err, table) => {
        if (err) {
          if (isDynaliteError(err)) resolve(undefined);
          else reject(err);
        } else resolve(table);
      });
    });
  }

  /** Rewrites a stored table description (auto scaling changes capacity without a client call). */
  putTable(table: StoredTable): Promise<void> {
    return new Promise((resolve, reject) => this.store.tableDb.put(table.TableName, table, (err) => (err ? reject(err) : resolve())));
  }

  /** The stored item under a key, or undefined. */
  getItem(table: StoredTable, key: Item): Promise<Item | undefined> {
    const itemKey = this.db.createKey(key, table);
    return new Promise((resolve, reject) => {
      this.store.getItemDb(table.TableName).get(itemKey, (err, item) => {
        if (err) {
          if ((err as { name?: string; code?: string }).name === 'NotFoundError' || (err as { code?: string }).code === 'LEVEL_NOT_FOUND') resolve(undefined);
          else reject(err);
        } else resolve((item as Item | undefined) ?? undefined);
      });
    });
  }

  /** dynalite's storage key of an item: its first 6 hex digits are the md5 hash position. */
  storageKey(table: StoredTable, keyOrItem: Item, keySchema?: { AttributeName: string; KeyType: string }[]): string {
    return this.db.createKey(keyOrItem, table, keySchema);
  }

  /** Validation of a full item against the table's key schema and index key types. */
  validateItem(table: StoredTable, item: Item): DynaliteError | undefined {
    return this.db.validateItem(item, table) ?? undefined;
  }

  /** Validation of a key against the table's key schema. */
  validateKey(table: StoredTable, key: Item): DynaliteError | undefined {
    return this.db.validateKey(key, table) ?? undefined;
  }

  /**
   * The checks of an UpdateItem that need the table's schema but not the item (a key
   * attribute in the update, index key types): dynalite runs them inside the action,
   * the front runs them before admission so an invalid update is never throttled first.
   */
  validateUpdates(table: StoredTable, data: Record<string, unknown>): DynaliteError | undefined {
    return this.db.validateUpdates(data.AttributeUpdates, data._updates, table) ?? undefined;
  }

  /** A ValidationException as dynalite words it. */
  validationError(message: string): DynaliteError {
    return this.db.validationError(message);
  }

  /** Closes the store, waiting for pending writes. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      const manager = this.store.lifecycleManager;
      if (manager) manager.gracefulClose(() => resolve());
      else this.store.db.close(() => resolve());
    });
  }
}

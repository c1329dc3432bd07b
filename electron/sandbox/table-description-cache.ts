/**
 * dynalite reads a table's description from its LevelDB store on every item operation
 * (a get, a JSON decode, a promise and a setImmediate per PutItem), although descriptions
 * change only when a table is created, updated or deleted. This cache serves item
 * operations the decoded description instead; it is exact because every change to a
 * description goes through the store's table database (put, del, batch), and each of
 * those drops the cached copy when it starts and again when it completes.
 */

type Callback<T> = (err: unknown, result?: T) => void;

/** The parts of dynalite's store the cache wraps. */
export interface TableStoreLike<T> {
  tableDb: {
    put(key: string, value: unknown, cb: Callback<void>): void;
    del?(key: string, cb: Callback<void>): void;
    batch?(operations: { key: string }[], cb: Callback<void>): void;
  };
  getTable(name: string, checkStatus: boolean | Callback<T>, cb?: Callback<T>): void;
}

/**
 * A view of `store` for item operations whose getTable answers from a cache; the store
 * itself is left as it was except that its table database's writes now invalidate the
 * cache. Only descriptions of tables that are neither CREATING nor DELETING are kept
 * (dynalite's item operations refuse those, so they always ask the store). Callers must
 * not change a description they are given (dynalite's item actions only read it).
 */
export function withTableDescriptionCache<T extends { TableStatus?: unknown }, S extends TableStoreLike<T>>(store: S): S {
  const cache = new Map<string, T>();
  // Bumped by every write, so a read that raced a write never fills the cache.
  let generation = 0;
  const forget = (key: string | undefined) => {
    generation++;
    if (key === undefined) cache.clear();
    else cache.delete(key);
  };
  const tableDb = store.tableDb;
  const put = tableDb.put.bind(tableDb);
  tableDb.put = (key, value, cb) => {
    forget(key);
    put(key, value, (err) => {
      forget(key);
      cb(err);
    });
  };
  if (tableDb.del) {
    const del = tableDb.del.bind(tableDb);
    tableDb.del = (key, cb) => {
      forget(key);
      del(key, (err) => {
        forget(key);
        cb(err);
      });
    };
  }
  if (tableDb.batch) {
    const batch = tableDb.batch.bind(tableDb);
    tableDb.batch = (operations, cb) => {
      forget(undefined);
      batch(operations, (err) => {
        forget(undefined);
        cb(err);
      });
    };
  }
  const view = Object.create(store) as S;
  view.getTable = (name: string, checkStatus: boolean | Callback<T>, cb?: Callback<T>) => {
    const done = (typeof checkStatus === 'function' ? checkStatus : cb) as Callback<T>;
    const check = typeof checkStatus === 'function' ? false : checkStatus;
    const cached = cache.get(name);
    if (cached) {
      // Asynchronous like the store's answer, so callers see the same ordering.
      queueMicrotask(() => done(null, cached));
      return;
    }
    const startedAt = generation;
    store.getTable(name, check, (err, table) => {
      if (!err && table && startedAt === generation && table.TableStatus !== 'CREATING' && table.TableStatus !== 'DELETING') cache.set(name, table);
      done(err, table);
    });
  };
  return view;
}

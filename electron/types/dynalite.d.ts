declare module 'dynalite' {
  import type { Server } from 'node:http';
  /** Options of dynalite's server factory (the ones Capstan uses). */
  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    ssl?: boolean;
  }
  /** Creates an HTTP server that speaks the DynamoDB JSON protocol. */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

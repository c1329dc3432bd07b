import { z } from 'zod';

/**
 * How a Parquet source's typed values become attribute values where the operator has a
 * choice. Everything else is fixed by the column's type (INT64 and DECIMAL to N as exact
 * decimal text, strings to S, binary to B, LIST to L, MAP and STRUCT to M).
 */
export const parquetOptionsSchema = z.object({
  /**
   * DATE, TIME and TIMESTAMP columns: ISO 8601 text (S, full precision of the column's
   * unit, `Z` only for UTC-adjusted timestamps), or a number (N) of seconds or
   * milliseconds since the epoch (since midnight for TIME), with exact decimals when the
   * unit is finer.
   */
  temporal: z.enum(['iso', 'epoch-seconds', 'epoch-ms']).default('iso'),
  /** A null value: left out of the item (the default), or stored as NULL. Inside a list a null is always NULL (positions matter). */
  nulls: z.enum(['omit', 'null']).default('omit'),
});
/** Parquet value options with defaults filled in. */
export type ParquetOptions = z.infer<typeof parquetOptionsSchema>;

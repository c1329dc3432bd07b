import { z } from 'zod';

/**
 * How the job's capacity is paid for, for the spend meter: `auto` takes on-demand or
 * provisioned-with-auto-scaling from the table; `already-paid` is idle reserved capacity
 * or a tightened auto-scaling target (techniques 1 and 2); `fixed` is capacity added for
 * the job (technique 3).
 */
export const costSpecSchema = z.object({
  billing: z.enum(['auto', 'on-demand', 'autoscaling', 'fixed', 'already-paid']).default('auto'),
  targetUtilization: z.number().min(0.2).max(0.9).default(0.7),
  /** For `fixed`: the WCU added above what the table would have had anyway. */
  addedWcu: z.number().nonnegative().optional(),
  /** Region whose prices apply; the connection's region when absent. */
  region: z.string().optional(),
});
export type CostSpec = z.infer<typeof costSpecSchema>;


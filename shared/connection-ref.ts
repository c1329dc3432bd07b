import { z } from 'zod';

/** Where a job's table lives: the embedded sandbox, or AWS through a named profile. */
export const connectionRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sandbox') }),
  z.object({
    kind: z.literal('aws'),
    profile: z.string().min(1).optional(),
    region: z.string().min(1),
    endpoint: z.url().optional(),
  }),
  z.object({
    kind: z.literal('endpoint'),
    endpoint: z.url(),
    region: z.string().min(1).default('us-east-1'),
  }),
]);
export type ConnectionRef = z.infer<typeof connectionRefSchema>;


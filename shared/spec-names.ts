import { z } from 'zod';

/** A DynamoDB table name, as long as DynamoDB allows: 3 to 255 characters. */
export const tableNameSchema = z.string().min(3).max(255);

/** A job's own name, shown in history and the report: 1 to 200 characters. */
export const jobNameSchema = z.string().min(1).max(200);

/** A key attribute of a table or index: its name and its scalar type. */
export const keyAttributeSchema = z.object({ name: z.string().min(1).max(255), type: z.enum(['S', 'N', 'B']) });

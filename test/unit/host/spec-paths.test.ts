import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkSpecPaths } from '../../../electron/host/spec-paths';
import type { PathAccess, PathPolicy } from '../../../electron/host/path-guard';
import { commandRequests } from '../../../shared/contract';
import { jobSpecSchema, type JobSpec } from '../../../shared/job-spec';

/** Every field of a schema whose name says it holds a host path, as dotted routes. */
function pathFields(schema: z.ZodType, route: string, found: Set<string>): void {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const next = route ? `${route}.${key}` : key;
        if (/path$/i.test(key)) found.add(next);
        pathFields(child, next, found);
      }
      return;
    case 'union':
      for (const option of def.options as z.ZodType[]) pathFields(option, route, found);
      return;
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return pathFields(def.innerType as z.ZodType, route, found);
    case 'pipe':
      return pathFields(def.in as z.ZodType, route, found);
    case 'array':
      return pathFields(def.element as z.ZodType, `${route}[]`, found);
    case 'record':
      return pathFields(def.valueType as z.ZodType, `${route}{}`, found);
    default:
      return;
  }
}

describe('the host paths a command or a job spec names', () => {
  it('are exactly the ones the path checks know: a new path field must be added to spec-paths.ts', () => {
    const found = new Set<string>();
    for (const [name, schema] of Object.entries(commandRequests)) pathFields(schema as z.ZodType, name, found);
    expect([...found].sort()).toEqual(['listHostFolder.path', 'previewSource.path', 'startJob.spec.operation.outputPath', 'startJob.spec.source.path', 'validateSample.spec.source.path']);
  });

  it('checks a load source for reading and a find output for writing, nothing else', async () => {
    const seen: [string, PathAccess][] = [];
    const policy: PathPolicy = { confined: true, roots: [], check: async (path, access) => (seen.push([path, access]), path) };
    const find = jobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'tbl', operation: { kind: 'find', outputPath: '/data/out.jsonl' } }) as JobSpec;
    await checkSpecPaths(find, policy);
    expect(seen).toEqual([['/data/out.jsonl', 'write']]);
    seen.length = 0;
    const count = jobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'tbl', operation: { kind: 'count' } }) as JobSpec;
    await checkSpecPaths(count, policy);
    expect(seen).toEqual([]);
    // S3 names no host file: neither a source nor a find output reaches the local policy.
    const toS3 = jobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'tbl', operation: { kind: 'find', outputPath: 's3://bucket/found.jsonl' } }) as JobSpec;
    await checkSpecPaths(toS3, policy);
    const fromS3 = jobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table: 'tbl', source: { path: 's3://bucket/unload/*.csv.gz' }, mapping: { templates: [{ attribute: 'pk', template: '{id}' }] } }) as JobSpec;
    await checkSpecPaths(fromS3, policy);
    expect(seen).toEqual([]);
  });
});

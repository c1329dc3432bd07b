import { describe, expect, test } from 'vitest';
import { backfillSpecFromFlags } from '../../../electron/cli/backfill-command';

/** `--value` placeholders keep every digit of a number a double cannot hold. */
describe('capstan backfill --value', () => {
  const flags = (values: string[]) => ({
    table: 'orders', op: 'update', update: 'SET n = :n, m = :m, s = :s', condition: 'attribute_not_exists(n)', name: [], value: values,
    ttlAttribute: 'ttl', days: '0', type: 'S' as const, drop: [], set: [], readRate: '500', rate: '1000', window: [], backup: 'none' as const, dataDir: '/tmp', endpoint: 'http://127.0.0.1:1',
  });

  test('a wide number becomes an exact N value; small numbers and text are as before', () => {
    const spec = backfillSpecFromFlags(flags([':n=12345678901234567891', ':m=42', ':s=abc']));
    expect(spec.operation.kind === 'update' && spec.operation.values).toEqual({ ':n': { N: '12345678901234567891' }, ':m': 42, ':s': 'abc' });
  });

  test('a number DynamoDB cannot hold is still refused as the spec is read', () => {
    expect(() => backfillSpecFromFlags(flags([':n=1e999', ':m=1', ':s=x']))).toThrow(/a number must be finite/);
  });
});

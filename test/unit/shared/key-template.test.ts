import { describe, expect, it } from 'vitest';
import { parseKeyAssignment, parseKeyTemplate, renderKeyTemplate } from '../../../shared/key-template';

describe('key templates', () => {
  it('renders literal text and columns', () => {
    const t = parseKeyTemplate('CUST#{customer_id}#{ region }');
    expect(t.columns).toEqual(['customer_id', 'region']);
    expect(renderKeyTemplate(t, { customer_id: 'c1', region: 'eu' })).toEqual({ ok: true, value: 'CUST#c1#eu' });
  });

  it('treats doubled braces as literal braces', () => {
    expect(renderKeyTemplate(parseKeyTemplate('{{x}}-{a}'), { a: 1 })).toEqual({ ok: true, value: '{x}-1' });
  });

  it('says which column is missing', () => {
    const r = renderKeyTemplate(parseKeyTemplate('CUST#{customer_id}'), { customer_id: '' });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('"customer_id" is missing or empty') });
  });

  it('rejects malformed templates in words', () => {
    expect(() => parseKeyTemplate('A#{b')).toThrow(/never closed/);
    expect(() => parseKeyTemplate('A#{}')).toThrow(/empty column name/);
    expect(() => parseKeyTemplate('A}')).toThrow(/unmatched/);
  });

  it('parses the CLI form attr=template', () => {
    expect(parseKeyAssignment('pk=CUST#{id}')).toEqual({ attribute: 'pk', template: 'CUST#{id}' });
    expect(() => parseKeyAssignment('pk')).toThrow(/attribute=template/);
  });
});

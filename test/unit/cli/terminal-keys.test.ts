import { describe, expect, it } from 'vitest';
import { parseKeyLine } from '../../../electron/cli/terminal-keys';

describe('terminal keys', () => {
  it('reads single keys and their words', () => {
    expect(parseKeyLine('p')).toEqual({ kind: 'pause' });
    expect(parseKeyLine(' Pause ')).toEqual({ kind: 'pause' });
    expect(parseKeyLine('r')).toEqual({ kind: 'resume' });
    expect(parseKeyLine('s')).toEqual({ kind: 'stop' });
    expect(parseKeyLine('?')).toEqual({ kind: 'help' });
    expect(parseKeyLine('+')).toEqual({ kind: 'step', factor: 1.1 });
    expect(parseKeyLine('-')).toEqual({ kind: 'step', factor: 1 / 1.1 });
    expect(parseKeyLine('')).toBeNull();
  });

  it('reads a rate written as a number or as "rate N"', () => {
    expect(parseKeyLine('700')).toEqual({ kind: 'rate', wcuPerSecond: 700 });
    expect(parseKeyLine('rate 1250.5')).toEqual({ kind: 'rate', wcuPerSecond: 1250.5 });
  });

  it('keeps what it cannot read, to say so', () => {
    expect(parseKeyLine('faster')).toEqual({ kind: 'unknown', text: 'faster' });
    expect(parseKeyLine('rate -5')).toEqual({ kind: 'unknown', text: 'rate -5' });
  });
});

import { describe, expect, it } from 'vitest';
import { queueUrlWithCredentials } from '../../../shared/fleet-status';

describe('a fleet job\'s queue URL on the coordinator', () => {
  it('puts the credentials given beside the spec into the spec\'s credential-free URL', () => {
    expect(queueUrlWithCredentials('rediss://cache:6379', { username: 'capstan', password: 'p@ss/w' })).toBe('rediss://capstan:p%40ss%2Fw@cache:6379');
    expect(queueUrlWithCredentials('redis://cache:6379/2', { username: null, password: 'token' })).toBe('redis://:token@cache:6379/2');
    expect(queueUrlWithCredentials('redis://127.0.0.1:6379', undefined)).toBe('redis://127.0.0.1:6379');
  });
});

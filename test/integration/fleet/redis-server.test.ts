import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';

// The test-support Redis: a private server on a free port, no persistence, and a kill and
// restart on the same port (the fleet tests use them for a lost connection).
describe('test Redis server', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers on 127.0.0.1 with persistence off, and comes back empty after a kill', async () => {
    const client = new Redis(server.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      await client.set('capstan:probe', '1');
      await server.kill();
      await server.restart();
      const fresh = new Redis(server.url, { maxRetriesPerRequest: 1 });
      try {
        expect(await fresh.get('capstan:probe')).toBeNull();
      } finally {
        fresh.disconnect();
      }
    } finally {
      client.disconnect();
    }
  });
});

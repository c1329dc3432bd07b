import { describe, expect, it } from 'vitest';
import { isOwnOrigin, isServedHost, servedHostHeaders } from '../../../electron/host/host-header';
import { checkListenAddress, isLoopbackHost, UNSAFE_LISTEN_FLAG } from '../../../electron/host/listen-address';

describe('listen address', () => {
  it('knows loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '', '192.168.1.5', '10.0.0.1', 'example.com', 'localhost.evil.example', '128.0.0.1', '::ffff:10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses an address beyond loopback in words, naming the opt-in flag and the SSH tunnel', () => {
    expect(checkListenAddress('127.0.0.1', false, 'web mode')).toEqual({ warning: null });
    expect(() => checkListenAddress('0.0.0.0', false, 'web mode')).toThrow(UNSAFE_LISTEN_FLAG);
    expect(() => checkListenAddress('192.168.1.5', false, 'web mode')).toThrow(/ssh -L/);
  });

  it('lets the operator opt in, with a warning to print', () => {
    const { warning } = checkListenAddress('0.0.0.0', true, 'web mode');
    expect(warning).toMatch(/^WARNING: web mode listens on "0\.0\.0\.0"/);
    expect(warning).toContain(UNSAFE_LISTEN_FLAG);
  });
});

describe('Host and Origin headers', () => {
  const served = servedHostHeaders(5178, '127.0.0.1');

  it('accepts the loopback names with the port, nothing else', () => {
    for (const host of ['127.0.0.1:5178', 'localhost:5178', 'LocalHost:5178', '[::1]:5178']) expect(isServedHost(host, served), host).toBe(true);
    for (const host of ['127.0.0.1', 'localhost:80', 'evil.example:5178', 'evil.example', 'a b', '127.0.0.1:5179', '', undefined]) expect(isServedHost(host, served), String(host)).toBe(false);
    expect(isServedHost(['127.0.0.1:5178', '127.0.0.1:5178'], served)).toBe(false);
  });

  it('adds the opted-in listen address and extra names, never a wildcard', () => {
    const lan = servedHostHeaders(8000, '192.168.1.5', ['capstan.lan']);
    expect(isServedHost('192.168.1.5:8000', lan)).toBe(true);
    expect(isServedHost('capstan.lan:8000', lan)).toBe(true);
    const any = servedHostHeaders(8000, '0.0.0.0');
    expect(isServedHost('0.0.0.0:8000', any)).toBe(false);
    expect([...any].sort()).toEqual(['127.0.0.1:8000', '[::1]:8000', 'localhost:8000']);
  });

  it('leaves the default port out as browsers do', () => {
    expect(isServedHost('localhost', servedHostHeaders(80, '127.0.0.1'))).toBe(true);
  });

  it('accepts no Origin (not a browser) and this server\'s own pages only', () => {
    expect(isOwnOrigin(undefined, served)).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:5178', served)).toBe(true);
    expect(isOwnOrigin('http://localhost:5178', served)).toBe(true);
    for (const origin of ['http://evil.example:5178', 'null', 'https://127.0.0.1:5178', 'http://127.0.0.1:5179', 'file://']) expect(isOwnOrigin(origin, served), origin).toBe(false);
  });
});

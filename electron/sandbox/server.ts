import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { z } from 'zod';
import { handleAdmin } from './admin-http';
import { AutoScalingFront } from './auto-scaling-front';
import type { CapacityRules } from './capacity-resource';
import { isManualClock, systemClock, type Clock } from './clock';
import { CloudWatchFront } from './cloudwatch-front';
import { DynaliteEngine } from './dynalite-engine';
import { DynamoDbFront } from './dynamodb-front';
import { decideFault, type faultConfigSchema } from './faults';
import { allowedOrigin, authRefusal, fromWebPage, isDynamoDbMediaType, mediaTypeOf, newRequestId, readLimitedBody, UNKNOWN_OPERATION_XML } from './http-front-rules';
import type { OrganicTrafficInput } from './organic-traffic';
import { SandboxAdmin } from './sandbox-admin';
import { SandboxModel } from './sandbox-model';
import { ObjectStore } from './s3/object-store';
import { S3Front } from './s3/s3-front';
import { isS3Request } from './s3/s3-request';
import { DEFAULT_TABLE_STATUS_DELAY_MS } from './table-transitions';
import { serverFault } from './throttle-errors';

/** Options of the embedded sandbox; every one has a default that behaves like the real service. */
export interface SandboxOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Keep items on disk in this folder; in memory when absent. */
  dataDir?: string;
  /** Time source of every rule; pass `createManualClock()` to drive minutes in tests. */
  clock?: Clock;
  /** Delay before a minute's CloudWatch datapoints are published, after the minute ends (default 60,000). */
  metricsDelayMs?: number;
  /** How long an UpdateTable capacity change takes to apply (default 60,000). */
  capacityUpdateDelayMs?: number;
  /** Overrides of the capacity rules (burst window, on-demand ramp, heat splits...). */
  rules?: Partial<CapacityRules>;
  /** Organic traffic per table name, started when the table exists. */
  organic?: Record<string, OrganicTrafficInput>;
  /** Faults from the start (global and per table). */
  faults?: z.input<typeof faultConfigSchema>;
  /** Random source for fault draws (tests make it deterministic). */
  random?: () => number;
  /** Accepts a request by its Host header and the port it came in on (DNS rebinding); others get a 400. See electron/host/host-header.ts. */
  acceptHost?: (host: string | undefined, port: number) => boolean;
  /** Wall-clock interval of background ticks (organic traffic, auto scaling) with a real clock; 0 disables. */
  tickIntervalMs?: number;
  /**
   * How long (sandbox clock) a new table stays CREATING and a deleted one DELETING
   * (default 3,000). Test harnesses pass 0 where the phases are not what they test.
   */
  tableStatusDelayMs?: number;
  /**
   * Web origins whose browser clients may call the service APIs (`*` for any, as
   * DynamoDB answers). None by default: the sandbox takes any keys, so CORS is what
   * keeps a web page from reading what was loaded into it. The admin API never allows one.
   */
  corsOrigins?: string[];
}

/** A running sandbox. */
export interface SandboxHandle {
  url: string;
  host: string;
  port: number;
  /** In-process control: tables and partitions, organic traffic, faults, reset, clock. */
  admin: SandboxAdmin;
  /** The capacity model itself (for tests and the engine's own diagnostics). */
  model: SandboxModel;
  clock: Clock;
  close(): Promise<void>;
}

const HEALTH = 'healthy: dynamodb.us-east-1.amazonaws.com ';

const JSON_10 = 'application/x-amz-json-1.0';

function send(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string>): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': body.length, 'x-amz-crc32': crc32(body) });
  res.end(body);
}

/**
 * Starts the embedded DynamoDB sandbox: one port serving DynamoDB (through the
 * capacity model, items stored by dynalite), CloudWatch (JSON 1.0 and awsQuery),
 * Application Auto Scaling (JSON 1.1), S3 (path-style, `s3/`) and the `/_sandbox/` admin API.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const engine = new DynaliteEngine(options.dataDir ? { path: options.dataDir } : {});
  const model = new SandboxModel({
    clock,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.metricsDelayMs !== undefined ? { metricsDelayMs: options.metricsDelayMs } : {}),
    ...(options.capacityUpdateDelayMs !== undefined ? { capacityUpdateDelayMs: options.capacityUpdateDelayMs } : {}),
    // Auto scaling changed capacity: keep dynalite's stored description in step.
    onCapacityChanged: (table) => void syncStored(table.name),
  });
  const dynamo = new DynamoDbFront(engine, model, options.tableStatusDelayMs ?? DEFAULT_TABLE_STATUS_DELAY_MS);
  const corsOrigins = options.corsOrigins ?? [];
  function syncStored(tableName: string): Promise<void> {
    return dynamo.syncStoredCapacity(tableName).catch(() => undefined);
  }
  const cloudWatch = new CloudWatchFront(model.metrics, () => model.now());
  const autoScaling = new AutoScalingFront(model);
  const admin = new SandboxAdmin(model, engine, dynamo);
  if (options.faults) admin.setFaults(options.faults);
  for (const [name, input] of Object.entries(options.organic ?? {})) admin.setOrganic(name, input);

  // S3 objects live in `s3/` inside the data folder (LevelDB ignores a folder it did not make).
  const s3 = new S3Front(await ObjectStore.open(options.dataDir ? join(options.dataDir, 's3') : undefined));

  // Tables kept on disk from an earlier run join the model at once.
  const listed = await engine.run('ListTables', {});
  for (const name of (listed.TableNames as string[] | undefined) ?? []) await dynamo.handle('DescribeTable', { TableName: name });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] as string;
    const origin = req.headers.origin;
    // Every answer carries a request id, as DynamoDB's do.
    const headers: Record<string, string> = { 'x-amzn-RequestId': newRequestId() };
    if (path.startsWith('/_sandbox')) {
      // The admin API resets tables, clocks and faults: no web page may call it.
      if (fromWebPage(req.headers)) {
        const message = 'The sandbox admin API refuses requests from web pages; use the app, the CLI or a client that sends no Origin header.';
        send(res, 403, 'application/json', JSON.stringify({ error: 'CrossOrigin', message }), headers);
        req.resume();
        return;
      }
      const body = await readLimitedBody(req);
      const answer = body === null ? { status: 413, body: { error: 'TooLarge', message: 'Request bodies are limited to 16 MB' } } : await handleAdmin(admin, req.method ?? 'GET', path, body);
      send(res, answer.status, 'application/json', JSON.stringify(answer.body), headers);
      return;
    }
    if (origin !== undefined) {
      const allow = allowedOrigin(origin, corsOrigins);
      if (allow === undefined) {
        // A preflight without CORS headers makes the browser stop; anything else is refused outright.
        if (req.method === 'OPTIONS') send(res, 403, 'text/plain', '', headers);
        else send(res, 403, 'application/json', JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message: `Requests from web pages at ${origin} are refused; allow the origin with --cors-origin to use a browser client` }), headers);
        req.resume();
        return;
      }
      headers['Access-Control-Allow-Origin'] = allow;
      if (allow !== '*') headers.Vary = 'Origin';
      if (req.method === 'OPTIONS') {
        const requestHeaders = req.headers['access-control-request-headers'];
        const requestMethod = req.headers['access-control-request-method'];
        if (requestHeaders) headers['Access-Control-Allow-Headers'] = requestHeaders;
        if (requestMethod) headers['Access-Control-Allow-Methods'] = requestMethod;
        headers['Access-Control-Max-Age'] = '172800';
        res.writeHead(200, { ...headers, 'Content-Length': 0 });
        res.end();
        req.resume();
        return;
      }
    }
    // S3 bodies are streamed by the S3 face itself (no 16 MB limit), so route before reading any body.
    if (isS3Request(req)) {
      await s3.handle(req, res);
      return;
    }
    const body = await readLimitedBody(req);
    if (body === null) {
      res.writeHead(413, { ...headers, 'Transfer-Encoding': 'chunked' });
      res.end();
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const dot = target.indexOf('.');
    const service = dot >= 0 ? target.slice(0, dot) : '';
    const operation = dot >= 0 ? target.slice(dot + 1) : '';
    if (service === 'GraniteServiceVersion20100801') {
      const answer = cloudWatch.handleJson(operation, body);
      send(res, answer.status, answer.contentType, answer.body, headers);
      return;
    }
    if (service === 'AnyScaleFrontendService') {
      const answer = autoScaling.handle(operation, body);
      send(res, answer.status, 'application/x-amz-json-1.1', JSON.stringify(answer.body), headers);
      return;
    }
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const form = mediaTypeOf(req.headers) === 'application/x-www-form-urlencoded' ? body : query;
    if (/(^|&)Action=/.test(form)) {
      const answer = cloudWatch.handleQuery(form);
      send(res, answer.status, answer.contentType, answer.body, headers);
      return;
    }
    // Everything else is DynamoDB's, checked in the order its front checks.
    if (req.method === 'GET') {
      send(res, 200, 'text/plain', HEALTH, headers);
      return;
    }
    const mediaType = mediaTypeOf(req.headers);
    if (req.method !== 'POST' || (body !== '' && !isDynamoDbMediaType(mediaType))) {
      send(res, 404, 'text/plain', UNKNOWN_OPERATION_XML, headers);
      return;
    }
    const contentType = mediaType === JSON_10 ? JSON_10 : 'application/json';
    const reply = (status: number, json: unknown) => send(res, status, contentType, JSON.stringify(json), headers);
    let data: unknown;
    try {
      data = body ? JSON.parse(body) : undefined;
    } catch {
      reply(400, { __type: 'com.amazon.coral.service#SerializationException' });
      return;
    }
    if (service !== 'DynamoDB_20120810' || !DynamoDbFront.knows(operation)) {
      reply(400, { __type: 'com.amazon.coral.service#UnknownOperationException' });
      return;
    }
    const unsigned = authRefusal(req.headers, new URLSearchParams(query));
    if (unsigned) {
      reply(400, unsigned);
      return;
    }
    if (data === undefined) {
      reply(400, { __type: 'com.amazon.coral.service#SerializationException' });
      return;
    }
    const fault = decideFault(admin.liveFaults, DynamoDbFront.tableNames(data), random);
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'error') {
      const answer = serverFault(fault.status);
      reply(answer.status, answer.body);
      return;
    }
    const answer = await dynamo.handle(operation, data);
    reply(answer.status, answer.body);
  };

  const server = createServer((req, res) => {
    if (options.acceptHost && !options.acceptHost(req.headers.host, req.socket.localPort ?? 0)) return void send(res, 400, 'text/plain', 'This sandbox does not answer to that Host name', { 'x-amzn-RequestId': newRequestId() });
    handle(req, res).catch((error: unknown) => {
      console.error('[sandbox] request failed:', error);
      if (!res.headersSent) send(res, 500, JSON_10, JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }), { 'x-amzn-RequestId': newRequestId() });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const tickMs = options.tickIntervalMs ?? 100;
  const ticker = !isManualClock(clock) && tickMs > 0 ? setInterval(() => model.now(), tickMs) : undefined;
  ticker?.unref();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    admin,
    model,
    clock,
    close: () => {
      closing ??= (async () => {
        if (ticker) clearInterval(ticker);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await engine.close();
      })();
      return closing;
    },
  };
}

import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ConnectionInfo, ConnectionTest, EngineEvent } from '../../shared/contract';
import type { ConnectionRef, JobSpec } from '../../shared/job-spec';
import type { SandboxHandle } from '../sandbox/server';
import { hostCheckFor } from '../host/host-header';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { createDynamoClient, credentialsFor, targetOfConnection, type ClientTarget } from './dynamo/client-target';
import { ConnectionRegistry } from './connections/connection-registry';
import { explainConnectionError } from './connections/explain-connection-error';
import { RunHistory } from './history/run-history';
import { JobManager } from './job-manager';

export { SANDBOX_CONNECTION_ID } from './connections/connection-registry';

/** How an engine is started by one of its faces. */
export interface EngineOptions {
  /** Where jobs, checkpoints, rejects and reports live. */
  dataDir: string;
  /** Built worker entries by name (out/main/<name>.js). */
  workerScripts: Record<string, string>;
  /** Start the embedded sandbox (the default connection). */
  sandbox?: boolean | { port?: number; dataDir?: string; tableStatusDelayMs?: number };
  /** This Capstan's version, which a fleet's workers check against the jobs they take. */
  version?: string;
}

/**
 * The engine behind every face: the embedded sandbox, connections, tables and jobs.
 * Faces (desktop IPC, web socket, CLI) call it and subscribe to its events.
 */
export class Engine {
  readonly jobs: JobManager;
  readonly connectionRegistry: ConnectionRegistry;
  readonly history: RunHistory;
  private sandbox: SandboxHandle | null = null;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly clients = new Map<string, DynamoDBClient>();
  private readonly scalingClients = new Map<string, ApplicationAutoScalingClient>();

  private constructor(private readonly options: EngineOptions) {
    this.jobs = new JobManager({
      dataDir: options.dataDir,
      workerScripts: options.workerScripts,
      resolveTarget: (spec: JobSpec) => this.targetFor(spec.connection),
      emit: (event) => this.emit(event),
      ...(options.version ? { capstanVersion: options.version } : {}),
    });
    this.history = new RunHistory(options.dataDir);
    this.connectionRegistry = new ConnectionRegistry(options.dataDir, () => this.sandbox?.url ?? null);
  }

  /** Starts an engine (and its sandbox when asked). */
  static async start(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options);
    if (options.sandbox) {
      const sandboxOptions = typeof options.sandbox === 'object' ? options.sandbox : {};
      // Loaded only when asked for: the sandbox's DynamoDB and S3 faces are a lot of code.
      const { startSandbox } = await import('../sandbox/server');
      engine.sandbox = await startSandbox({
        port: sandboxOptions.port ?? 0,
        dataDir: sandboxOptions.dataDir,
        acceptHost: hostCheckFor('127.0.0.1'),
        ...(sandboxOptions.tableStatusDelayMs !== undefined ? { tableStatusDelayMs: sandboxOptions.tableStatusDelayMs } : {}),
      });
    }
    return engine;
  }

  /** The folder this engine keeps its jobs, history and connections in. */
  get dataDir(): string {
    return this.options.dataDir;
  }

  /** The embedded sandbox's endpoint, or null. */
  get sandboxEndpoint(): string | null {
    return this.sandbox?.url ?? null;
  }

  /** Connections the operator can choose from; never with credentials. */
  connections(): Promise<ConnectionInfo[]> {
    return this.connectionRegistry.list();
  }

  /** Where a job spec's connection points. */
  targetFor(ref: ConnectionRef): ClientTarget {
    if (ref.kind === 'sandbox' && this.sandbox) return { region: 'us-east-1', endpoint: this.sandbox.url, auth: { kind: 'local' } };
    return targetOfConnection(ref);
  }

  /** The connection ref a connection id stands for. */
  refFor(connectionId: string): Promise<ConnectionRef> {
    return this.connectionRegistry.resolve(connectionId);
  }

  /** A control-plane client for a connection, kept for reuse. */
  async client(connectionId: string): Promise<DynamoDBClient> {
    let client = this.clients.get(connectionId);
    if (!client) {
      client = createDynamoClient(this.targetFor(await this.refFor(connectionId)), { maxSockets: 8, requestTimeoutMs: 15_000 });
      this.clients.set(connectionId, client);
    }
    return client;
  }

  /** An Application Auto Scaling client for a connection (the same endpoint for the sandbox). */
  async autoScalingClient(connectionId: string): Promise<ApplicationAutoScalingClient> {
    let client = this.scalingClients.get(connectionId);
    if (!client) {
      const target = this.targetFor(await this.refFor(connectionId));
      client = new ApplicationAutoScalingClient({
        region: target.region,
        ...(target.endpoint ? { endpoint: target.endpoint } : {}),
        credentials: credentialsFor(target),
        maxAttempts: 2,
      });
      this.scalingClients.set(connectionId, client);
    }
    return client;
  }

  /** The embedded sandbox's control surface; an error in words when it is not running. */
  sandboxAdmin(): SandboxHandle['admin'] {
    if (!this.sandbox) throw new Error('The embedded sandbox is not running in this process');
    return this.sandbox.admin;
  }

  /** Tries a connection with one ListTables call; a failure comes back in words, with what to do. */
  async testConnection(connectionId: string): Promise<ConnectionTest> {
    const ref = await this.refFor(connectionId);
    const target = this.targetFor(ref);
    const started = performance.now();
    try {
      const client = await this.client(connectionId);
      const page = await client.send(new ListTablesCommand({ Limit: 100 }));
      return { ok: true, tableCount: page.TableNames?.length ?? 0, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      // A failed client may hold a broken credential chain: build a fresh one next time.
      this.clients.get(connectionId)?.destroy();
      this.clients.delete(connectionId);
      const profile = ref.kind === 'aws' ? (ref.profile ?? null) : null;
      return { ok: false, ...explainConnectionError(error, { profile, endpoint: target.endpoint, region: target.region }) };
    }
  }

  /** Listens to every engine event; returns the function that stops listening. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops jobs gracefully, then the sandbox. */
  async close(): Promise<void> {
    await this.jobs.stopAll();
    for (const client of [...this.clients.values(), ...this.scalingClients.values()]) client.destroy();
    this.clients.clear();
    this.scalingClients.clear();
    await this.sandbox?.close();
    this.sandbox = null;
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A face that fails to take an event must not stop the engine.
      }
    }
  }
}

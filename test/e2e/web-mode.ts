import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, waitUntilTableExists, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { runCli, startCli, startNode, type CliProcess } from '../support/built-app';
import { buildTestApp, TEST_APP_CLI } from '../support/test-app';
import { localClient } from '../support/table-reader';
import { launchChromium } from './browser';

/** The window size every e2e suite (and every README screenshot) uses. */
export const VIEWPORT = { width: 1360, height: 900 };

/** What a web-mode suite starts with: a temp folder, the server with its sandbox, a browser page. */
export interface WebMode {
  /** The temp folder: the server allows paths in it (`--allow-dir`); its data dir is `<dir>/data`. */
  dir: string;
  /** The `capstan web` process. */
  web: CliProcess;
  /** The sandbox's endpoint, started by web mode on a free port. */
  sandbox: string;
  /** A DynamoDB client for the sandbox. */
  client: DynamoDBClient;
  /** The app's URL, with its launch token. */
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Closes the browser, stops the server and removes the temp folder. */
  close(): Promise<void>;
}

/** What to prepare before the page opens. */
export interface WebModeOptions {
  /** Names the temp folder (`capstan-e2e-<name>-`). */
  name: string;
  /** Sample files made with `capstan sample` before the server starts: file name in the temp folder → rows. */
  samples?: Record<string, number>;
  /** Anything else to write into the temp folder before the server starts. */
  prepare?(dir: string): Promise<void>;
  /** Tables created in the sandbox (and waited for until ACTIVE) before the page opens. */
  tables?: CreateTableCommandInput[];
  /** Browser context options beyond the shared viewport. */
  context?: BrowserContextOptions;
  /** Open the app and wait until it is ready (default true). */
  open?: boolean;
  /** Serve the test app (out/test-app, built here): its renderer has `window.__capstanTest` with `?test=1`; the shipped one has not. */
  testHooks?: boolean;
}

/** An on-demand table keyed by one string attribute, the shape most suites load into. */
export function onDemandTable(name: string, key = 'pk'): CreateTableCommandInput {
  return {
    TableName: name, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }], KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
  };
}

/** Creates a table in the sandbox and waits until it is ACTIVE (web mode's sandbox keeps new tables CREATING a few seconds, as DynamoDB does). */
export async function createSandboxTable(client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  await client.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 1 }, { TableName: input.TableName! });
}

/**
 * Starts `capstan web` on a free port with its sandbox, confined to a fresh temp folder
 * (`--allow-dir`), makes the sample files and tables asked for, and opens the app in
 * Chromium. On a failure part-way, whatever started is stopped before the error is thrown.
 */
export async function startWebMode(options: WebModeOptions): Promise<WebMode> {
  const dir = await mkdtemp(join(tmpdir(), `capstan-e2e-${options.name}-`));
  let web: CliProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    web?.child.kill('SIGTERM');
    await web?.exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const [file, rows] of Object.entries(options.samples ?? {})) {
      const made = await runCli(['sample', '--rows', String(rows), '--out', join(dir, file)]);
      if (made.code !== 0) throw new Error(`capstan sample failed: ${made.output}`);
    }
    await options.prepare?.(dir);
    const webArgs = ['web', '--port', '0', '--data-dir', join(dir, 'data'), '--allow-dir', dir];
    if (options.testHooks) await buildTestApp();
    web = options.testHooks ? startNode([TEST_APP_CLI, ...webArgs]) : startCli(webArgs);
    const sandbox = (await web.waitForLine(/Sandbox: (http:\/\/\S+)/))[1]!;
    const url = (await web.waitForLine(/open (http:\/\/\S+)/))[1]!;
    const client = localClient(sandbox);
    for (const table of options.tables ?? []) await createSandboxTable(client, table);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORT, ...options.context });
    const page = await context.newPage();
    if (options.open ?? true) {
      await page.goto(url);
      await page.getByTestId('app-ready').waitFor();
    }
    return { dir, web, sandbox, client, url, browser, context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

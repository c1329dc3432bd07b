import type { CommandName, CommandResponses, ParsedCommandRequest } from '../../shared/contract';
import type { Engine } from '../engine/engine';
import { applyResumeChanges } from '../../shared/resume-changes';
import { createTable, listTables } from '../engine/tables/table-catalog';
import { describeTableDetails } from '../engine/tables/table-details';
import { validateSample } from '../engine/mapping/validate-sample';
import { noValidSampleError, noValidSampleRefusal } from '../engine/mapping/sample-gate';
import { exportReport, type PdfPrinter } from '../engine/history/report-export';
import { enablePitr, pitrEnabled, tableHasItems, takeBackup } from '../engine/backfill/table-facts';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { previewSource } from '../engine/source/preview-source';
import { countItemsPage, enableTimeToLive, sampleAttributes } from '../engine/tables/table-probe';
import { makeSampleSetup } from '../engine/tables/sample-setup';
import { SANDBOX_CONNECTION_ID } from '../engine/connections/connection-registry';
import type { PathPolicy } from './path-guard';
import { checkSourcePath, checkSpecPaths } from './spec-paths';
import { listS3Buckets, listS3Prefix } from '../engine/s3/browse-s3';
import { createS3Client } from '../engine/s3/s3-client';
import { isS3Url } from '../engine/s3/s3-url';
import type { S3Client } from '@aws-sdk/client-s3';
import { listHostFolder } from './host-folder-listing';

/** Runs `use` with an S3 client for a connection's target, closed afterwards. */
async function withS3Client<T>(engine: Engine, connectionId: string, use: (client: S3Client) => Promise<T>): Promise<T> {
  const client = createS3Client(engine.targetFor(await engine.refFor(connectionId)), { maxSockets: 4 });
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

/** One handler per command, each taking the validated request. */
export type CommandHandlers = {
  [K in CommandName]: (request: ParsedCommandRequest<K>) => Promise<CommandResponses[K]>;
};

/** What differs between faces: how a file is picked, and which face this is. */
export interface FaceServices {
  face: 'desktop' | 'web';
  version: string;
  /** Shows a native file dialog (desktop); web mode has none and returns null. */
  pickFile(): Promise<string | null>;
  /** Prints HTML to PDF (desktop); null where the face cannot (web mode: the browser prints). */
  printPdf: PdfPrinter | null;
  /** Which host paths clients may read and write (web mode: the roots named at launch). */
  paths: PathPolicy;
}

/** The handlers of every command over one engine: thin, the work is in the engine. */
export function createCommandHandlers(engine: Engine, face: FaceServices): CommandHandlers {
  return {
    getAppInfo: async () => ({ version: face.version, face: face.face, sandboxEndpoint: engine.sandboxEndpoint }),
    listConnections: async () => engine.connections(),
    testConnection: async ({ connectionId }) => engine.testConnection(connectionId),
    addEndpointConnection: async (request) => engine.connectionRegistry.addEndpoint(request),
    removeConnection: async ({ connectionId }) => {
      await engine.connectionRegistry.removeEndpoint(connectionId);
      return engine.connections();
    },
    listTables: async ({ connectionId }) => listTables(await engine.client(connectionId)),
    createTable: async ({ connectionId, ...request }) => createTable(await engine.client(connectionId), request),
    describeTable: async ({ connectionId, tableName }) =>
      describeTableDetails(await engine.client(connectionId), await engine.autoScalingClient(connectionId), tableName),
    pickSourceFile: async () => ({ path: await face.pickFile() }),
    previewSource: async ({ path, format, rows, connectionId }) => {
      // An s3:// source never reaches the local disk or the path policy: it is read with the job's connection.
      if (isS3Url(path)) {
        if (!connectionId) throw new Error(`Previewing ${path} needs the connection to read it with: choose a connection first`);
        return previewSource(path, format, rows, engine.targetFor(await engine.refFor(connectionId)));
      }
      await checkSourcePath(path, face.paths);
      return previewSource(path, format, rows);
    },
    listS3Buckets: async ({ connectionId }) => withS3Client(engine, connectionId, listS3Buckets),
    listS3Prefix: async ({ connectionId, url, pageToken }) => withS3Client(engine, connectionId, (s3) => listS3Prefix(s3, url, pageToken)),
    listHostFolder: async ({ path }) => listHostFolder(path, face.paths),
    startJob: async ({ spec, queueCredentials, startWithoutValidSample }) => {
      await checkSpecPaths(spec, face.paths);
      if (!startWithoutValidSample) {
        const refusal = await noValidSampleRefusal(spec, engine.targetFor(spec.connection), 'confirm that it should start anyway');
        if (refusal) throw noValidSampleError(refusal);
      }
      return engine.jobs.start(spec, queueCredentials);
    },
    validateSample: async ({ spec, rows }) => {
      await checkSpecPaths(spec, face.paths);
      return validateSample(spec, engine.targetFor(spec.connection), rows);
    },
    listJobs: async () => engine.jobs.list(),
    pauseJob: async ({ jobId }) => {
      engine.jobs.get(jobId).pause();
      return engine.jobs.get(jobId).snapshot();
    },
    resumeJob: async ({ jobId, changes }) => {
      // A paused job of this session resumes in place; a stopped, failed or crashed one
      // (of this session or an earlier one) continues from its checkpoint, with the changes.
      const job = engine.jobs.find(jobId);
      if (job?.snapshot().state === 'paused') {
        if (changes?.mode && job.setMode) job.setMode(changes.mode);
        else if (changes?.wcuPerSecond !== undefined) job.setRate(changes.wcuPerSecond);
        job.resume();
        return job.snapshot();
      }
      return engine.jobs.resume(jobId, (spec) => (changes ? applyResumeChanges(spec, changes) : spec));
    },
    stopJob: async ({ jobId }) => {
      engine.jobs.get(jobId).stop();
      return engine.jobs.get(jobId).snapshot();
    },
    setJobRate: async ({ jobId, wcuPerSecond }) => {
      engine.jobs.get(jobId).setRate(wcuPerSecond);
      return engine.jobs.get(jobId).snapshot();
    },
    setJobLimits: async ({ jobId, maxCostUsd }) => {
      engine.jobs.get(jobId).setCostCeiling(maxCostUsd);
      return engine.jobs.get(jobId).snapshot();
    },
    setJobMode: async ({ jobId, mode }) => {
      const job = engine.jobs.get(jobId);
      if (!job.setMode) throw new Error(`Job ${jobId} has no rate modes; use setJobRate`);
      job.setMode(mode);
      return job.snapshot();
    },
    setJobReadRate: async ({ jobId, rcuPerSecond }) => {
      const job = engine.jobs.get(jobId);
      if (!job.setReadRate) throw new Error(`Job ${jobId} does not read the table`);
      job.setReadRate(rcuPerSecond);
      return job.snapshot();
    },
    queueSignInHeld: async ({ queue }) => ({ held: engine.jobs.holdsQueueSignIn(queue) }),
    getTrialResult: async ({ jobId }) => engine.jobs.find(jobId)?.trialResult?.() ?? (await engine.history.trialResult(jobId)),
    getTableSafety: async ({ connectionId, tableName }) => tableSafety(await engine.client(connectionId), tableName),
    enablePitr: async ({ connectionId, tableName }) => {
      const client = await engine.client(connectionId);
      await enablePitr(client, tableName);
      return tableSafety(client, tableName);
    },
    createBackup: async ({ connectionId, tableName }) => ({
      backupArn: await takeBackup(await engine.client(connectionId), tableName, `capstan-${tableName}-${new Date().toISOString().replace(/[:.]/g, '-')}`),
    }),
    getJobTicks: async ({ jobId }) => engine.jobs.ticks(jobId),
    getSandboxState: async () => engine.sandboxAdmin().state(),
    setSandboxOrganic: async ({ tableName, traffic }) => {
      const admin = engine.sandboxAdmin();
      if (traffic) admin.setOrganic(tableName, traffic);
      else admin.clearOrganic(tableName);
      return admin.state();
    },
    setSandboxFaults: async ({ faults }) => {
      const admin = engine.sandboxAdmin();
      admin.setFaults(faults);
      return admin.state();
    },
    resetSandbox: async () => {
      const admin = engine.sandboxAdmin();
      await admin.reset();
      return admin.state();
    },
    exportReport: async ({ jobId, format, timeZone }) => {
      const live = engine.jobs.find(jobId)?.finalReport();
      const report = live ?? (await engine.history.get(jobId))?.report;
      if (!report) throw new Error(`Job ${jobId} has no report yet: a report is written when the job ends (stop it, or wait for it to finish)`);
      return exportReport(report, format, { ...(timeZone ? { timeZone } : {}), printPdf: face.printPdf });
    },
    listRuns: async () => engine.history.list(new Map(engine.jobs.list().map((j) => [j.id, j]))),
    getRun: async ({ jobId }) => {
      const run = await engine.history.get(jobId);
      if (!run) throw new Error(`No stored run ${jobId}`);
      return run;
    },
    sampleTableAttributes: async ({ connectionId, tableName, items }) => sampleAttributes(await engine.client(connectionId), tableName, items),
    countItemsPage: async ({ connectionId, tableName, startKey }) => countItemsPage(await engine.client(connectionId), tableName, startKey),
    enableTtl: async ({ connectionId, tableName, attribute }) => enableTimeToLive(await engine.client(connectionId), tableName, attribute),
    makeSampleSetup: async ({ rows }) => {
      if (!engine.sandboxEndpoint) throw new Error('Sample data goes into the embedded sandbox, which is not running in this Capstan.');
      return makeSampleSetup({ dataDir: engine.dataDir, sandbox: await engine.client(SANDBOX_CONNECTION_ID), rows });
    },
  };
}

/** PITR status and whether the table holds items: what a destructive backfill's confirmation shows. */
async function tableSafety(client: DynamoDBClient, tableName: string) {
  const [pointInTimeRecovery, hasItems] = await Promise.all([pitrEnabled(client, tableName).catch(() => null), tableHasItems(client, tableName)]);
  return { pointInTimeRecovery, hasItems };
}

import { contextBridge, ipcRenderer } from 'electron';
import type { CapstanApi, CommandName, CommandRequest, CommandResponses, EngineEvent } from '../shared/contract';
import { EVENT_CHANNEL, ipcChannel, unwrapResult, type CommandResult } from '../shared/transport';

/**
 * The desktop bridge: named methods under `window.capstan`, one IPC channel each, never
 * a generic invoke. `satisfies CapstanApi` keeps it in step with the contract.
 */
function call<K extends CommandName>(name: K) {
  return async (request: CommandRequest<K>): Promise<CommandResponses[K]> =>
    unwrapResult((await ipcRenderer.invoke(ipcChannel(name), request)) as CommandResult<CommandResponses[K]>);
}

const api = {
  getAppInfo: call('getAppInfo'),
  listConnections: call('listConnections'),
  testConnection: call('testConnection'),
  addEndpointConnection: call('addEndpointConnection'),
  removeConnection: call('removeConnection'),
  listTables: call('listTables'),
  createTable: call('createTable'),
  describeTable: call('describeTable'),
  pickSourceFile: call('pickSourceFile'),
  previewSource: call('previewSource'),
  listS3Buckets: call('listS3Buckets'),
  listS3Prefix: call('listS3Prefix'),
  listHostFolder: call('listHostFolder'),
  startJob: call('startJob'),
  validateSample: call('validateSample'),
  listJobs: call('listJobs'),
  pauseJob: call('pauseJob'),
  resumeJob: call('resumeJob'),
  stopJob: call('stopJob'),
  setJobRate: call('setJobRate'),
  setJobLimits: call('setJobLimits'),
  setJobMode: call('setJobMode'),
  setJobReadRate: call('setJobReadRate'),
  getTrialResult: call('getTrialResult'),
  queueSignInHeld: call('queueSignInHeld'),
  getTableSafety: call('getTableSafety'),
  enablePitr: call('enablePitr'),
  createBackup: call('createBackup'),
  getJobTicks: call('getJobTicks'),
  listRuns: call('listRuns'),
  exportReport: call('exportReport'),
  getRun: call('getRun'),
  sampleTableAttributes: call('sampleTableAttributes'),
  countItemsPage: call('countItemsPage'),
  enableTtl: call('enableTtl'),
  makeSampleSetup: call('makeSampleSetup'),
  getSandboxState: call('getSandboxState'),
  setSandboxOrganic: call('setSandboxOrganic'),
  setSandboxFaults: call('setSandboxFaults'),
  resetSandbox: call('resetSandbox'),
  onEvent: (listener: (event: EngineEvent) => void) => {
    const handler = (_event: unknown, payload: EngineEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies CapstanApi;

contextBridge.exposeInMainWorld('capstan', api);

import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, Notification, session, shell, type IpcMainInvokeEvent } from 'electron';
import { entryPathsFrom } from './cli/entry-paths';
import { Engine } from './engine/engine';
import { createCommandHandlers } from './host/command-handlers';
import { forwardEvents, registerIpcHost } from './host/ipc-host';
import { unconfinedPaths } from './host/path-guard';

/**
 * The desktop face: one hardened window over the renderer, the engine and the embedded
 * sandbox in this (main) process, jobs in worker threads. Credentials never leave here.
 */
const paths = entryPathsFrom(dirname(fileURLToPath(import.meta.url)));
const rendererIndex = pathToFileURL(`${paths.rendererDir}/index.html`).toString();
let mainWindow: BrowserWindow | null = null;
let engine: Engine | null = null;

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!mainWindow && event.sender === mainWindow.webContents && !!frame && frame.url.startsWith(rendererIndex.replace(/index\.html$/, ''));
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 1000,
    minHeight: 680,
    title: 'Capstan',
    show: false,
    webPreferences: {
      preload: paths.preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererIndex);
  return win;
}

/** Prints a self-contained HTML page to PDF in a hidden, script-less window. */
async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  } finally {
    win.destroy();
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"],
      },
    });
  });
  engine = await Engine.start({ dataDir: app.getPath('userData'), workerScripts: paths.workerScripts, sandbox: true });
  const handlers = createCommandHandlers(engine, {
    face: 'desktop',
    version: app.getVersion(),
    pickFile: async () => {
      const result = await dialog.showOpenDialog(mainWindow!, {
        title: 'Choose a file to load',
        properties: ['openFile'],
        filters: [
          { name: 'Data files', extensions: ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'gz'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    printPdf: printHtmlToPdf,
    // The operator picks files in native dialogs and types paths in this app's own window.
    paths: unconfinedPaths,
  });
  registerIpcHost(engine, handlers, isTrustedSender);
  engine.subscribe((event) => {
    if (event.kind === 'job.state' && (event.job.state === 'completed' || event.job.state === 'failed') && Notification.isSupported()) {
      new Notification({ title: `Capstan: job ${event.job.state}`, body: `${event.job.spec.table}: ${event.job.totals.written.toLocaleString()} written` }).show();
    }
  });
  mainWindow = createWindow();
  forwardEvents(engine, mainWindow.webContents);
  mainWindow.on('close', (event) => {
    const running = engine?.jobs.list().filter((j) => j.state === 'running' || j.state === 'paused') ?? [];
    if (running.length === 0) return;
    const choice = dialog.showMessageBoxSync(mainWindow!, {
      type: 'question',
      buttons: ['Stop with a checkpoint and quit', 'Keep running'],
      defaultId: 1,
      message: `${running.length} job(s) still running`,
      detail: 'Quitting stops them gracefully; each keeps a checkpoint and can be resumed from History.',
    });
    if (choice === 1) event.preventDefault();
  });
}

app.on('window-all-closed', () => {
  void (engine?.close() ?? Promise.resolve()).finally(() => app.quit());
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void start().catch((error: unknown) => {
  dialog.showErrorBox('Capstan could not start', error instanceof Error ? error.message : String(error));
  app.quit();
});

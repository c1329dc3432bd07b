import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Notification, protocol, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { entryPathsFrom } from './cli/entry-paths';
import { Engine } from './engine/engine';
import { createCommandHandlers } from './host/command-handlers';
import { APP_INDEX_URL, APP_SCHEME, isAppUrl } from './host/desktop/app-origin';
import { answerAppRequest } from './host/desktop/app-protocol';
import { navigationGuards } from './host/desktop/navigation-guard';
import { isPermissionGranted } from './host/desktop/permission-policy';
import { forwardEvents, registerIpcHost } from './host/ipc-host';
import { unconfinedPaths } from './host/path-guard';

/**
 * The desktop face: one hardened window over the renderer, the engine and the embedded
 * sandbox in this (main) process, jobs in worker threads. Credentials never leave here.
 * The decisions (which URL opens, which permission, which file the app protocol serves)
 * live in host/desktop/, testable without Electron; this file only wires them.
 */
const paths = entryPathsFrom(dirname(fileURLToPath(import.meta.url)));
let mainWindow: BrowserWindow | null = null;
let engine: Engine | null = null;

// The app's pages come from capstan://app/, a standard secure origin (not file://).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!mainWindow && event.sender === mainWindow.webContents && !!frame && isAppUrl(frame.url);
}

/** Every web contents (the main window, the PDF window, any other) stays on its page. */
function guardContents(contents: WebContents): void {
  const guards = navigationGuards((url) => void shell.openExternal(url));
  contents.setWindowOpenHandler(guards.windowOpen);
  contents.on('will-navigate', guards.willNavigate);
  contents.on('will-frame-navigate', guards.willFrameNavigate);
  contents.on('will-redirect', guards.willRedirect);
  contents.on('will-attach-webview', guards.willAttachWebview);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 1000,
    minHeight: 680,
    title: 'Capstan',
    // The window's icon on Linux and Windows (macOS takes the bundle's); drawn in renderer/public/favicon.svg.
    icon: join(paths.rendererDir, 'icon.png'),
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL);
  return win;
}

/** Prints a self-contained HTML page to PDF in a hidden, script-less window (guarded like every window). */
async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  } finally {
    win.destroy();
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await answerAppRequest(paths.rendererDir, request.url, request.method);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionGranted(permission, details.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  session.defaultSession.setDevicePermissionHandler(() => false);
  engine = await Engine.start({ dataDir: app.getPath('userData'), workerScripts: paths.workerScripts, sandbox: true, version: app.getVersion() });
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

app.on('web-contents-created', (_event, contents) => guardContents(contents));

void start().catch((error: unknown) => {
  dialog.showErrorBox('Capstan could not start', error instanceof Error ? error.message : String(error));
  app.quit();
});

// The desktop app's main process: one window, one backend (the same one the web mode uses), the contract over
// IPC, media over seedscope://. Heavy work runs elsewhere: pixel hashing in the indexer's worker threads,
// compares in a worker thread per compare (electron/server/image-tasks.ts). This folder is the only code that
// imports 'electron'.
import * as path from 'node:path';
import { app, BrowserWindow, dialog, Menu, screen, session, shell } from 'electron';
import { resolveLibraryPath } from '../library/library-paths';
import { AppBackend } from '../server/app-backend';
import { defaultRendererRoot } from '../server/static-files';
import { forwardEvents, registerContractHandlers } from './ipc';
import { buildAppMenu } from './menu';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { appEntryUrl, contentSecurityPolicy, isAllowedNavigation, isSafeExternalUrl } from './security';
import { secureWindowOptions } from './window';
import { loadWindowState, saveWindowState, type WindowState } from './window-state';

let mainWindow: BrowserWindow | null = null;
let backend: AppBackend | null = null;

function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json');
}

function createMainWindow(opened: AppBackend): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(windowStateFile(), displays);
  const window = new BrowserWindow(secureWindowOptions({ preloadPath: path.join(__dirname, 'preload.js'), bounds: state?.bounds }));
  if (state?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  forwardEvents(opened, window.webContents);

  let saveTimer: NodeJS.Timeout | null = null;
  const remember = () => {
    if (window.isDestroyed()) return;
    const snapshot: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    void saveWindowState(windowStateFile(), snapshot).catch(() => undefined);
  };
  const rememberSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(remember, 500);
  };
  window.on('resize', rememberSoon);
  window.on('move', rememberSoon);
  window.on('close', () => {
    if (saveTimer) clearTimeout(saveTimer);
    remember();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(appEntryUrl);
  return window;
}

function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No window.open, no target=_blank: web links go to the person's browser, everything else is dropped.
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

async function start(): Promise<void> {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });

  const dbPath = resolveLibraryPath(process.env.SEEDSCOPE_DB);
  // better-sqlite3 built for Electron's ABI: named by scripts/start-electron.js in development, shipped as a
  // resource by electron-builder.yml in a package. node_modules keeps the Node build for the tests.
  const nativeBinding =
    process.env.SEEDSCOPE_SQLITE_BINDING || (app.isPackaged ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node') : undefined);
  backend = await AppBackend.open({ dbPath, mode: 'desktop', version: app.getVersion(), nativeBinding });
  handleAppProtocol(backend, process.env.SEEDSCOPE_RENDERER_ROOT || defaultRendererRoot());
  registerContractHandlers(backend);
  Menu.setApplicationMenu(buildAppMenu(backend));
  mainWindow = createMainWindow(backend);
}

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  // Two processes writing one library would fight over its write lock; the first one takes focus instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  lockDownWebContents();
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox('Seedscope could not start', `${message}\n\nIf the library database is damaged, move it aside and start again.`);
      app.exit(1);
    });
  app.on('activate', () => {
    if (!mainWindow && backend) mainWindow = createMainWindow(backend);
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !backend) return;
    closing = true;
    event.preventDefault();
    void backend.close().finally(() => app.quit());
  });
}

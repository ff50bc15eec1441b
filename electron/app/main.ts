// The desktop app's main process: one window, the contract over IPC, media over seedscope://. The backend (the
// same AppBackend the web mode uses: SQLite, indexing, compares) runs in its own utilityProcess (backend-host.ts),
// with pixel hashing and compares in worker threads below it, so nothing heavy ever runs on this thread.
// This folder is the only code that imports 'electron'.
import * as path from 'node:path';
import { app, BrowserWindow, dialog, Menu, screen, session, shell, utilityProcess } from 'electron';
import { resolveLibraryPath } from '../library/library-paths';
import { defaultRendererRoot } from '../backend/static-files';
import { BackendLink, type ContractBackend, type HostProcess } from './backend-link';
import type { HostMessage } from './backend-protocol';
import { forwardEvents, registerContractHandlers } from './ipc';
import { buildAppMenu } from './menu';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { appEntryUrl, contentSecurityPolicy, isAllowedNavigation, isSafeExternalUrl } from './security';
import { revealWhenReady, secureWindowOptions } from './window';
import { loadWindowState, saveWindowState, type WindowState } from './window-state';

let mainWindow: BrowserWindow | null = null;
let backend: BackendLink | null = null;

function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json');
}

function createMainWindow(opened: ContractBackend): BrowserWindow {
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(windowStateFile(), displays);
  const window = new BrowserWindow(
    secureWindowOptions({ preloadPath: path.join(__dirname, 'preload.js'), bounds: state?.bounds }),
  );
  revealWhenReady(window, state?.maximized === true);
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

function spawnBackendHost(env: Record<string, string>): HostProcess {
  const child = utilityProcess.fork(path.join(__dirname, 'backend-host.js'), [], {
    serviceName: 'Seedscope backend',
    env,
    stdio: 'inherit',
  });
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: HostMessage) => listener(message)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
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
    process.env.SEEDSCOPE_SQLITE_BINDING ||
    (app.isPackaged ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node') : undefined);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    SEEDSCOPE_DB: dbPath,
    SEEDSCOPE_VERSION: app.getVersion(),
  };
  if (nativeBinding) env.SEEDSCOPE_SQLITE_BINDING = nativeBinding;
  backend = await BackendLink.start(() => spawnBackendHost(env));
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
      dialog.showErrorBox(
        'Seedscope could not start',
        `${message}\n\nIf the library database is damaged, move it aside and start again.`,
      );
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

// The one place a window's options are made. Every BrowserWindow in electron/app is created with
// `new BrowserWindow(secureWindowOptions(...))`; window.test.ts pins these options by exact equality and parses
// the code of electron/app to fail on any window created another way. Type-only electron import: Node tests load
// this file without an Electron binary.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

const DEFAULT_BOUNDS: WindowBounds = { width: 1400, height: 900 };

export function secureWindowOptions(input: {
  preloadPath: string;
  bounds?: WindowBounds;
}): BrowserWindowConstructorOptions {
  const bounds = input.bounds ?? DEFAULT_BOUNDS;
  return {
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    title: 'Seedscope',
    backgroundColor: '#15171c',
    // Shown on 'ready-to-show', so the person never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped outside the compare drop zones must not navigate the window to file://.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/**
 * Shows `window` once its content has painted ('ready-to-show'), maximized if it was closed maximized. Calling
 * maximize() earlier shows a hidden window at once on Windows and Linux: the person saw an empty frame first.
 */
export function revealWhenReady(window: Pick<BrowserWindow, 'once' | 'maximize' | 'show'>, maximized: boolean): void {
  window.once('ready-to-show', () => {
    if (maximized) window.maximize();
    window.show();
  });
}

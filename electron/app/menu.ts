// The application menu. Folder actions go through the same backend requests the renderer uses (validated the
// same way); the rest are Electron's standard roles. Developer tools appear only in an unpackaged build.
import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { ContractBackend } from './backend-link';

async function addFolderFromDialog(backend: ContractBackend): Promise<void> {
  const window = BrowserWindow.getFocusedWindow();
  const options: Electron.OpenDialogOptions = {
    title: 'Add a folder of generated images',
    properties: ['openDirectory'],
  };
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  if (picked.canceled || picked.filePaths.length === 0) return;
  const result = await backend.request('library.addFolder', { path: picked.filePaths[0], watch: true });
  if (!result.ok) dialog.showErrorBox('Could not add the folder', result.error.message);
}

export function buildAppMenu(backend: ContractBackend): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Add Folder…', accelerator: 'CmdOrCtrl+O', click: () => void addFolderFromDialog(backend) },
        {
          label: 'Rescan All Folders',
          accelerator: 'CmdOrCtrl+Shift+R',
          click: () => void backend.request('library.rescan', { folderId: null }),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

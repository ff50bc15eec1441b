// Where the library lives: the platform's app-data folder, never inside an indexed folder (Seedscope does not
// write into the user's folders). Thumbnails go to a cache folder next to the database.
import * as os from 'node:os';
import * as path from 'node:path';

export const LIBRARY_FILE = 'library.sqlite';

export function appDataFolder(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'Seedscope');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Seedscope');
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'Seedscope');
}

/** `--db` wins, then SEEDSCOPE_DB, then the app-data folder. */
export function resolveLibraryPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.SEEDSCOPE_DB) return path.resolve(env.SEEDSCOPE_DB);
  return path.join(appDataFolder(env), LIBRARY_FILE);
}

/** `library.sqlite` -> `library.sqlite.cache/`: thumbnails belong to one database and sit beside it. */
export function cacheFolderFor(dbPath: string): string {
  return `${path.resolve(dbPath)}.cache`;
}

/** Thumbnails are named by decoded-pixel hash: a moved file keeps its thumbnail, duplicates share one. */
export function thumbnailPathFor(cacheFolder: string, pixelSha256: string): string {
  return path.join(cacheFolder, 'thumbs', pixelSha256.slice(0, 2), `${pixelSha256}.jpg`);
}

// One folder root against what the database knows about it: which files are new or changed (to read), which
// are unchanged (size + mtime equal: not opened at all), which vanished. Decisions, in one place:
// - root missing (drive unplugged, share down): every image of the folder goes offline, none is deleted;
// - a subfolder that cannot be listed: the images under it go offline;
// - a file gone from a folder that is present: marked 'missing' now; at the end of a completed run it is either
//   matched to a moved/renamed copy (by its bytes during the metadata pass, moved-files.ts, or by pixel hash
//   after the pixel pass) so its row, id and note move to the new path, or removed.
// A scan can be limited to some paths under the root (the live watcher's changed files and folders): then only
// those are looked at, and only the rows at or under them can change state.
import type Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileProblem } from '../../shared/library';
import { METADATA_READER_VERSION } from '../metadata/reader-version';
import { imageFileAt, type WalkedFile, type WalkOptions, type WalkResult, walkImageFiles } from './folder-walk';
import type { Library } from './library';

interface KnownRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  state: string;
  /** 1 when an older metadata reader version wrote the row. */
  stale: number;
}

/** A file to read: new or changed, or unchanged but indexed by an older reader (`rereadId`: metadata only).
 *  `unknownPath`: no row has this path (only such a file can be a moved one). */
export type FileToRead = WalkedFile & { rereadId?: number; unknownPath?: true };

export interface FolderScan {
  folderId: number;
  root: string;
  reachable: boolean;
  /** The walk ran to its end (not cancelled), so absences mean something. */
  complete: boolean;
  seen: number;
  toRead: FileToRead[];
  unchanged: number;
  offline: number;
  problems: FileProblem[];
}

function isUnder(file: string, folders: string[]): boolean {
  return folders.some((dir) => file.startsWith(dir + path.sep));
}

export async function scanFolder(
  library: Library,
  root: string,
  options: {
    signal?: AbortSignal;
    scanStartedAt: number;
    onProgress?: (files: number, folder: string) => void;
    changed?: string[];
  },
): Promise<FolderScan> {
  let rootStat: fs.Stats | null = null;
  try {
    rootStat = fs.statSync(root);
  } catch {
    rootStat = null;
  }
  const known = library.folderPaths().includes(path.resolve(root));
  if (!rootStat && !known) {
    // A typo on the command line must not register a folder that never existed.
    return {
      folderId: -1,
      root,
      reachable: false,
      complete: false,
      seen: 0,
      toRead: [],
      unchanged: 0,
      offline: 0,
      problems: [{ path: root, reason: 'folder not found (nothing indexed)' }],
    };
  }
  const folder = library.addFolder(root);
  const scan: FolderScan = {
    folderId: folder.id,
    root: folder.path,
    reachable: true,
    complete: false,
    seen: 0,
    toRead: [],
    unchanged: 0,
    offline: 0,
    problems: [],
  };
  if (!rootStat || !rootStat.isDirectory()) {
    scan.reachable = false;
    scan.offline = library.writer.setFolderOffline(folder.id);
    library.setFolderState(folder.id, false, null);
    scan.problems.push({
      path: folder.path,
      reason: `folder not reachable (${rootStat ? 'not a folder' : 'not found: drive unplugged or folder moved?'}); its images are kept and marked offline`,
    });
    return scan;
  }
  // Nested roots are scanned on their own; the cache never holds user images.
  const otherRoots = library.folderPaths().filter((p) => p !== folder.path && p.startsWith(folder.path + path.sep));
  const walkOptions = {
    skip: [library.cacheFolder, ...otherRoots],
    signal: options.signal,
    onProgress: options.onProgress,
  };
  const scope = options.changed ? changedWithin(folder.path, options.changed, walkOptions.skip) : null;
  const walk = scope ? await walkPaths(scope, walkOptions) : await walkImageFiles(folder.path, walkOptions);
  scan.problems.push(...walk.problems);
  scan.seen = walk.files.length;
  if (options.signal?.aborted) return scan;
  scan.complete = true;
  const rows = new Map<string, KnownRow>();
  // An older reader's row is found by comparing a stored integer here, so an unchanged rescan parses nothing.
  const columns = `SELECT id, path, size, mtime_ms, state, reader_version < ${METADATA_READER_VERSION} AS stale FROM images WHERE folder_id = ?`;
  if (scope) {
    // The row at each path, and every row under it should it be (or have been) a folder; the range uses the index.
    const at = library.db.prepare(`${columns} AND (path = ? OR (path > ? AND path < ?))`);
    for (const p of scope) {
      for (const row of at.iterate(folder.id, p, p + path.sep, p + nextChar(path.sep)) as IterableIterator<KnownRow>)
        rows.set(row.path, row);
    }
  } else {
    for (const row of library.db.prepare(columns).iterate(folder.id) as IterableIterator<KnownRow>)
      rows.set(row.path, row);
  }
  const applyStates = library.db.transaction(() => {
    const backOnline: number[] = [];
    for (const file of walk.files) {
      const row = rows.get(file.path);
      if (!row) {
        scan.toRead.push({ ...file, unknownPath: true });
        continue;
      }
      rows.delete(file.path);
      if (row.size === file.size && row.mtime_ms === file.mtimeMs) {
        if (row.stale) scan.toRead.push({ ...file, rereadId: row.id });
        else scan.unchanged++;
        if (row.state !== 'online') backOnline.push(row.id);
      } else {
        scan.toRead.push(file);
      }
    }
    for (const id of backOnline) library.writer.setOnline(id);
    for (const dir of walk.unreadableFolders) scan.offline += library.writer.setOfflineUnder(folder.id, dir);
    for (const row of rows.values()) {
      if (isUnder(row.path, walk.unreadableFolders)) continue;
      library.writer.setMissing(row.id, options.scanStartedAt);
    }
  });
  applyStates.immediate();
  library.setFolderState(folder.id, true, null);
  return scan;
}

function nextChar(c: string): string {
  return String.fromCharCode(c.charCodeAt(0) + 1);
}

/** The changed paths inside `root` (outside skipped folders), each once, none under another. */
function changedWithin(root: string, changed: string[], skip: string[]): string[] {
  const inside = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + path.sep);
  const sorted = [...new Set(changed.map((p) => path.resolve(p)))]
    .filter((p) => p.startsWith(root + path.sep) && !skip.some((dir) => inside(p, path.resolve(dir))))
    .sort();
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((dir) => inside(p, dir))) kept.push(p);
  return kept;
}

/**
 * A walk of some paths under a root: a folder is walked whole, an image file is listed, and a path that is gone
 * (or is no longer an image file) lists nothing, so the rows at and under it go missing.
 */
async function walkPaths(paths: string[], options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], unreadableFolders: [], problems: [] };
  for (const p of paths) {
    if (options.signal?.aborted) break;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(p, { throwIfNoEntry: false });
    } catch (err) {
      // Not listable (a parent lost its permissions): what sits there is unreachable, not deleted.
      result.unreadableFolders.push(p);
      result.problems.push({ path: p, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (stat?.isDirectory()) {
      const sub = await walkImageFiles(p, options);
      result.files.push(...sub.files);
      result.unreadableFolders.push(...sub.unreadableFolders);
      result.problems.push(...sub.problems);
    } else if (stat) {
      const file = imageFileAt(p, stat);
      if (file) result.files.push(file);
    }
  }
  return result;
}

export function pendingPixelJobs(
  db: Database.Database,
  folderIds: number[],
): Array<{ id: number; path: string; size: number; mtime_ms: number }> {
  if (folderIds.length === 0) return [];
  const statement = db.prepare(`SELECT id, path, size, mtime_ms FROM images
    WHERE pixel_state = 'pending' AND state = 'online' AND folder_id IN (${folderIds.map(() => '?').join(', ')}) ORDER BY id`);
  return statement.all(...folderIds) as Array<{ id: number; path: string; size: number; mtime_ms: number }>;
}

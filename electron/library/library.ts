// The library database: one SQLite file (WAL, synchronous=NORMAL: a crash loses at most the last unsynced
// commits, never consistency), migrated at open, with its statements prepared once.
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FolderInfo, ImageDetail, ReproGroup, SearchPage, SearchQuery, SimilarHit } from '../../shared/library';
import { HistoryQueries } from './history-query';
import { TimelineQueries } from './timeline-queries';
import { type DetailRow, SUMMARY_COLUMNS, toDetail } from './image-row';
import { ImageWriter } from './image-writer';
import { backfillGrades } from './grade-backfill';
import { cacheFolderFor } from './library-paths';
import { applyMigrations } from './migrate';
import { NearDuplicates, type SimilarOptions } from './near-duplicates';
import { type GroupOptions, ReproGroups } from './repro-groups';

interface FolderRow {
  id: number;
  path: string;
  online: number;
  last_scan_at: number | null;
  image_count: number;
}

function toFolder(row: FolderRow): FolderInfo {
  return {
    id: row.id,
    path: row.path,
    online: row.online === 1,
    imageCount: row.image_count,
    lastScanAt: row.last_scan_at,
  };
}

export class Library {
  readonly db: Database.Database;
  readonly cacheFolder: string;
  readonly writer: ImageWriter;
  readonly history: HistoryQueries;
  readonly timeline: TimelineQueries;
  private readonly reproGroups: ReproGroups;
  private readonly nearDuplicates: NearDuplicates;
  private readonly statements: {
    folderByPath: Database.Statement;
    insertFolder: Database.Statement;
    folders: Database.Statement;
    folderPaths: Database.Statement;
    deleteFolder: Database.Statement;
    setFolderState: Database.Statement;
    detail: Database.Statement;
    detailByPath: Database.Statement;
    loras: Database.Statement;
    setNote: Database.Statement;
  };

  constructor(
    readonly dbPath: string,
    options: LibraryOptions = {},
  ) {
    fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    this.db = new Database(dbPath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // A second process (the watcher, the app) may hold a write lock for a batch; wait instead of failing.
    this.db.pragma('busy_timeout = 10000');
    applyMigrations(this.db);
    backfillGrades(this.db);
    this.cacheFolder = cacheFolderFor(dbPath);
    this.writer = new ImageWriter(this.db);
    this.history = new HistoryQueries(this.db);
    this.timeline = new TimelineQueries(this.db);
    this.reproGroups = new ReproGroups(this.db);
    this.nearDuplicates = new NearDuplicates(this.db);
    const folderColumns = `folders.id, folders.path, folders.online, folders.last_scan_at,
      (SELECT count(*) FROM images WHERE images.folder_id = folders.id AND images.state <> 'missing') AS image_count`;
    this.statements = {
      folderByPath: this.db.prepare(`SELECT ${folderColumns} FROM folders WHERE path = ?`),
      insertFolder: this.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING'),
      folders: this.db.prepare(`SELECT ${folderColumns} FROM folders ORDER BY path`),
      folderPaths: this.db.prepare('SELECT path FROM folders ORDER BY path').pluck(),
      deleteFolder: this.db.prepare('DELETE FROM folders WHERE id = ?'),
      setFolderState: this.db.prepare(
        'UPDATE folders SET online = @online, last_scan_at = coalesce(@scannedAt, last_scan_at) WHERE id = @id',
      ),
      detail: this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, images.* FROM images WHERE images.id = ?`),
      detailByPath: this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, images.* FROM images WHERE images.path = ?`),
      loras: this.db
        .prepare(`SELECT name FROM image_adapters WHERE image_id = ? AND kind IN ('lora', 'lycoris') ORDER BY name`)
        .pluck(),
      setNote: this.db.prepare('UPDATE images SET note = ? WHERE id = ?'),
    };
  }

  /** Registers a folder root (absolute path); returns it, whether new or known. */
  addFolder(folderPath: string): FolderInfo {
    const resolved = path.resolve(folderPath);
    this.statements.insertFolder.run(resolved, Date.now());
    return toFolder(this.statements.folderByPath.get(resolved) as FolderRow);
  }

  folders(): FolderInfo[] {
    return (this.statements.folders.all() as FolderRow[]).map(toFolder);
  }

  /** Registered roots without image counts (counting a 500k-image folder costs tens of ms). */
  folderPaths(): string[] {
    return this.statements.folderPaths.all() as string[];
  }

  /** Forgets a folder and its rows (images cascade); the files on disk are never touched. */
  removeFolder(id: number): boolean {
    return this.statements.deleteFolder.run(id).changes > 0;
  }

  setFolderState(id: number, online: boolean, scannedAt: number | null): void {
    this.statements.setFolderState.run({ id, online: online ? 1 : 0, scannedAt });
  }

  image(id: number): ImageDetail | null {
    const row = this.statements.detail.get(id) as DetailRow | undefined;
    return row ? toDetail(row, this.statements.loras.all(row.id) as string[]) : null;
  }

  imageByPath(filePath: string): ImageDetail | null {
    const row = this.statements.detailByPath.get(path.resolve(filePath)) as DetailRow | undefined;
    return row ? toDetail(row, this.statements.loras.all(row.id) as string[]) : null;
  }

  /** User data that survives rescans and moves. */
  setNote(id: number, note: string | null): boolean {
    return this.statements.setNote.run(note, id).changes > 0;
  }

  search(query: SearchQuery = {}): SearchPage {
    return this.history.search(query);
  }

  groups(options?: GroupOptions): ReproGroup[] {
    return this.reproGroups.list(options);
  }

  similar(perceptualHash: string, options?: SimilarOptions): SimilarHit[] {
    return this.nearDuplicates.find(perceptualHash, options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export interface LibraryOptions {
  /** better-sqlite3 built for Electron's ABI (scripts/start-electron.js); the Node build in node_modules stays for tests. */
  nativeBinding?: string;
}

export function openLibrary(dbPath: string, options: LibraryOptions = {}): Library {
  return new Library(dbPath, options);
}

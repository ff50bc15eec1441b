// Versioned migrations, applied in order at open, each in one transaction together with its bookkeeping row, so a
// crash leaves the schema either before or after a migration, never half-way.
//
// Where migrations live: `electron/library/migrations/NNNN-name.ts` exporting `sql` (compiled beside this file,
// so a fresh `tsc` build finds them), or plain `NNNN-name.sql` files in that source folder (tsc does not copy
// .sql into dist/, so those are read from the source tree, which sits at the same relative place).
// The library owns 0001-0099; records owns 0100+.
import type Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})-([A-Za-z0-9_-]+)\.(js|sql)$/;

function migrationFolders(): string[] {
  const compiled = path.join(__dirname, 'migrations');
  // dist/electron/library/migrations -> electron/library/migrations in the source tree.
  const source = path.resolve(__dirname, '..', '..', '..', 'electron', 'library', 'migrations');
  return compiled === source ? [compiled] : [compiled, source];
}

function readMigration(folder: string, file: string, version: number, name: string, ext: string): Migration {
  const full = path.join(folder, file);
  if (ext === 'sql') return { version, name, sql: fs.readFileSync(full, 'utf8') };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: unknown = require(full);
  const sql = typeof mod === 'object' && mod !== null ? (mod as { sql?: unknown }).sql : undefined;
  if (typeof sql !== 'string') throw new Error(`migration ${full} does not export a string \`sql\``);
  return { version, name, sql };
}

export function loadMigrations(folders: string[] = migrationFolders()): Migration[] {
  const byVersion = new Map<number, Migration>();
  for (const folder of folders) {
    let files: string[];
    try {
      files = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      const match = MIGRATION_FILE.exec(file);
      if (!match) continue;
      const version = Number(match[1]);
      const seen = byVersion.get(version);
      if (seen) {
        if (seen.name !== match[2])
          throw new Error(`two migrations share number ${match[1]}: ${seen.name} and ${match[2]}`);
        continue;
      }
      byVersion.set(version, readMigration(folder, file, version, match[2], match[3]));
    }
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** Applies every migration newer than the database's; returns the versions applied. */
export function applyMigrations(db: Database.Database, migrations: Migration[] = loadMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
    done.push(migration.version);
  }
  return done;
}

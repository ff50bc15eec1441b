// Rows indexed before the grade existed (migration 0200) get it from what the row already stores: the tuple, the raw
// metadata, the container and the run record are all columns, so no file is read again. Runs at open, in batches.
import type Database from 'better-sqlite3';
import type { RunRecord } from '../../shared/run-record';
import type { GenerationTuple, GeneratorId, ImageFormat, RawMetadataEntry } from '../../shared/tuple';
import { gradeReproducibility } from './reproducibility-grade';

const BATCH = 2000;

function parse<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

interface UngradedRow {
  id: number;
  format: string;
  generator: string | null;
  tuple_json: string | null;
  raw_json: string;
  run_record_json: string | null;
}

/** Grades every row without a grade; returns how many. */
export function backfillGrades(db: Database.Database): number {
  const select = db.prepare(
    'SELECT id, format, generator, tuple_json, raw_json, run_record_json FROM images WHERE grade IS NULL AND id > ? ORDER BY id LIMIT ?',
  );
  const update = db.prepare('UPDATE images SET grade = ?, grade_json = ? WHERE id = ?');
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = select.all(after, BATCH) as UngradedRow[];
    if (rows.length === 0) return done;
    db.transaction(() => {
      for (const row of rows) {
        const graded = gradeReproducibility({
          format: row.format as ImageFormat,
          generator: row.generator as GeneratorId | null,
          tuple: parse<GenerationTuple | null>(row.tuple_json, null),
          raw: parse<RawMetadataEntry[]>(row.raw_json, []),
          runRecord: parse<RunRecord | null>(row.run_record_json, null),
        });
        update.run(graded.grade, JSON.stringify(graded.reasons), row.id);
      }
    })();
    done += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}

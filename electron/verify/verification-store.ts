// Verification records in the library database (migration 0400-verifications): written once when a verify run
// ends, whatever its outcome, and read back for an image's details and for the History.
import type Database from 'better-sqlite3';
import type { VerificationRecord } from '../../shared/verification';

interface Row {
  id: number;
  image_id: number | null;
  record_json: string;
}

export type NewVerification = Omit<VerificationRecord, 'id'>;

export class VerificationStore {
  private readonly insert: Database.Statement;
  private readonly byImage: Database.Statement;
  private readonly byPath: Database.Statement;
  private readonly recent: Database.Statement;
  private readonly byId: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO verifications
      (image_id, image_path, started_at, finished_at, generator, address, remote, generator_version, runs, outcome, grade, summary, record_json)
      VALUES (@imageId, @imagePath, @startedAt, @finishedAt, @generator, @address, @remote, @generatorVersion, @runs, @outcome, @grade, @summary, @recordJson)`);
    this.byImage = db.prepare(
      'SELECT id, image_id, record_json FROM verifications WHERE image_id = ? ORDER BY started_at DESC, id DESC LIMIT ?',
    );
    this.byPath = db.prepare(
      'SELECT id, image_id, record_json FROM verifications WHERE image_path = ? ORDER BY started_at DESC, id DESC LIMIT ?',
    );
    this.recent = db.prepare(
      'SELECT id, image_id, record_json FROM verifications ORDER BY started_at DESC, id DESC LIMIT ?',
    );
    this.byId = db.prepare('SELECT id, image_id, record_json FROM verifications WHERE id = ?');
  }

  add(record: NewVerification): VerificationRecord {
    const info = this.insert.run({
      imageId: record.imageId,
      imagePath: record.imagePath,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      generator: record.generator,
      address: record.address,
      remote: record.remote ? 1 : 0,
      generatorVersion: record.generatorVersion,
      runs: record.runs,
      outcome: record.outcome,
      grade: record.grade,
      summary: record.summary,
      recordJson: JSON.stringify(record),
    });
    return { ...record, id: Number(info.lastInsertRowid) };
  }

  /** Newest first; the image id column wins over the JSON (it is cleared when the image leaves the library). */
  private read(rows: Row[]): VerificationRecord[] {
    return rows.map((r) => ({ ...(JSON.parse(r.record_json) as NewVerification), id: r.id, imageId: r.image_id }));
  }

  forImage(imageId: number, limit = 50): VerificationRecord[] {
    return this.read(this.byImage.all(imageId, limit) as Row[]);
  }

  forPath(imagePath: string, limit = 50): VerificationRecord[] {
    return this.read(this.byPath.all(imagePath, limit) as Row[]);
  }

  latest(limit = 50): VerificationRecord[] {
    return this.read(this.recent.all(limit) as Row[]);
  }

  get(id: number): VerificationRecord | null {
    const row = this.byId.get(id) as Row | undefined;
    return row ? this.read([row])[0] : null;
  }
}

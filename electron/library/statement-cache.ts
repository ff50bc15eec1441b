// Prepared statements for queries whose SQL is built from the filters in use: the shapes are few (one per
// combination of filters), so each is prepared once and kept for the connection's life.
import type Database from 'better-sqlite3';

export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

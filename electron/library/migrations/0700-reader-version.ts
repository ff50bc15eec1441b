// Which metadata reader version (electron/metadata/reader-version.ts) wrote each row's tuple columns. Rows indexed
// before this migration get 0, so the next scan re-reads their metadata (not their pixels) with today's readers.

export const sql = `
ALTER TABLE images ADD COLUMN reader_version INTEGER NOT NULL DEFAULT 0;
`;

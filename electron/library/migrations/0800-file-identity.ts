// The index's digests (issue #16): each file's XXH3-128 (`file_xxh3`, its identity for move detection), written by
// the pixel pass; the file's SHA-256 and the RGB-only pixel digest are computed when needed from now on (rows
// indexed after this hold NULL there until then). Rows indexed before keep every value they hold: nothing is
// recomputed or decoded again. Their moves are still matched without a decode, by the file SHA-256 they hold.

export const sql = `
ALTER TABLE images ADD COLUMN file_xxh3 TEXT;
`;

// The time an image was generated as its metadata records it (Civitai's "Created Date", a tool's own date field),
// beside created_at (the file's modification time, which a copy or a sync rewrites). The timeline orders by
// coalesce(generated_at, created_at). Rows indexed before this migration get it from their stored tuple, so
// nothing is re-read.

export const sql = `
ALTER TABLE images ADD COLUMN generated_at INTEGER;
UPDATE images SET generated_at = CAST(round((julianday(json_extract(tuple_json, '$.extras."Created Date"')) - 2440587.5) * 86400000) AS INTEGER)
  WHERE tuple_json IS NOT NULL AND json_valid(tuple_json) AND json_extract(tuple_json, '$.extras."Created Date"') IS NOT NULL;
`;

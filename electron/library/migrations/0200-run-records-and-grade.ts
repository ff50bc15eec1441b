// Run records and the reproducibility grade (electron/records/run-record-*.ts, electron/library/reproducibility-grade.ts).
// The grade is stored, not computed per query, so the Library can filter by it through an index. Rows indexed before
// this migration get their grade from their stored tuple at the next open (grade-backfill.ts); their run record is
// read when the file changes or one is attached.

export const sql = `
ALTER TABLE images ADD COLUMN grade TEXT;
ALTER TABLE images ADD COLUMN grade_json TEXT;
ALTER TABLE images ADD COLUMN run_record_json TEXT;
CREATE INDEX images_grade_timeline ON images(grade, timeline);
`;

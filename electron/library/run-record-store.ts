// An attached run record reaches an indexed image's row without re-reading the image: the row's stored report
// (tuple, raw metadata, container) plus the new record give the new grade.
import type { RunRecord } from '../../shared/run-record';
import type { Library } from './library';
import { gradeReproducibility } from './reproducibility-grade';

/** Stores `record` and the grade it leads to on the row of `imagePath`; false when the image is not indexed. */
export function storeRunRecord(library: Library, imagePath: string, record: RunRecord): boolean {
  const image = library.imageByPath(imagePath);
  if (!image) return false;
  const graded = gradeReproducibility({ ...image.report, runRecord: record });
  library.db
    .prepare('UPDATE images SET run_record_json = ?, grade = ?, grade_json = ? WHERE id = ?')
    .run(JSON.stringify(record), graded.grade, JSON.stringify(graded.reasons), image.id);
  return true;
}

// Where the run-record fixtures live for tests: the source tree (tsc does not copy .json into dist/).
import { join } from 'node:path';

export const RUN_RECORD_FIXTURES = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'electron',
  'images',
  'run-records',
  'run-record-fixtures',
);

export function runRecordFixture(name: string): string {
  return join(RUN_RECORD_FIXTURES, name);
}

// The grade filter at the border: the three grade ids pass the search schema, anything else is refused by name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPRODUCIBILITY_GRADES } from './reproducibility-grade';
import { validateRequest } from './schemas';

test('library.search takes each grade id as a filter and refuses other values', () => {
  for (const grade of REPRODUCIBILITY_GRADES)
    assert.ok(validateRequest('library.search', { filters: { grade } }).ok, grade);
  const refused = validateRequest('library.search', { filters: { grade: 'bit-identical' } });
  assert.equal(refused.ok, false);
  assert.match(refused.ok ? '' : refused.error.message, /grade/);
});

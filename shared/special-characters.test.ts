import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCodePoint, diffPromptBytes } from './prompt-bytes';
import { codePointLabel, isInvisibleClass, SPECIAL_CHARACTERS, specialCharacter } from './special-characters';

/** The computed ranges, one sample from each end: tag characters, variation selectors, C0 and C1 controls. */
const RANGE_SAMPLES = [
  0xe0001, 0xe0020, 0xe0041, 0xe007f, 0xfe00, 0xfe0f, 0xe0100, 0xe01ef, 0x00, 0x07, 0x1b, 0x7f, 0x85, 0x9f,
];

/** The finding for a prompt where the character stands in for its ASCII look-alike, or is slipped in. */
function findingFor(cp: number) {
  const special = specialCharacter(cp);
  assert.ok(special, `${codePointLabel(cp)} is in the table`);
  const plain = special.plain ?? '';
  const diff = diffPromptBytes('prompt', `red${plain}hat`, `red${String.fromCodePoint(cp)}hat`);
  assert.equal(diff.findings.length, 1, `${codePointLabel(cp)}: one finding`);
  return { diff, finding: diff.findings[0], special };
}

describe('the invisible and look-alike table, as the prompt findings read it', () => {
  it('reports every listed and ranged character as a named, non-text difference', () => {
    for (const cp of [...SPECIAL_CHARACTERS.map((c) => c.cp), ...RANGE_SAMPLES]) {
      const { diff, finding, special } = findingFor(cp);
      assert.ok(
        finding.description.includes(`${codePointLabel(cp)} ${special.name}`),
        `${codePointLabel(cp)} named in: ${finding.description}`,
      );
      assert.equal(describeCodePoint(cp).startsWith(`${codePointLabel(cp)} ${special.name}`), true);
      // A replacement character is a lost byte, not a look-alike: named, but a text change.
      if (special.class === 'substitute') continue;
      assert.notEqual(finding.kind, 'text', `${codePointLabel(cp)} ${special.name} is classified, not "changed text"`);
      assert.equal(diff.invisibleOnly, true, `${codePointLabel(cp)}: only an invisible or look-alike difference`);
    }
  });

  it('never prints an invisible character in a description, only its code point', () => {
    for (const c of SPECIAL_CHARACTERS.filter((s) => isInvisibleClass(s.class))) {
      assert.equal(describeCodePoint(c.cp).includes(String.fromCodePoint(c.cp)), false, codePointLabel(c.cp));
    }
  });

  it('names the characters the two old tables disagreed on: tag characters, U+034F, U+FF07, U+2026', () => {
    const tag = findingFor(0xe0061).finding;
    assert.equal(tag.kind, 'zero-width');
    assert.match(tag.description, /U\+E0061 TAG FOR 'a'/);
    const cgj = findingFor(0x034f).finding;
    assert.equal(cgj.kind, 'zero-width');
    assert.match(cgj.description, /U\+034F COMBINING GRAPHEME JOINER/);
    const apostrophe = findingFor(0xff07).finding;
    assert.equal(apostrophe.kind, 'curly-quote');
    assert.match(apostrophe.description, /U\+0027 APOSTROPHE.*U\+FF07 FULLWIDTH APOSTROPHE/);
    const ellipsis = diffPromptBytes('prompt', 'a cat... at dusk', 'a cat\u2026 at dusk');
    assert.equal(ellipsis.findings.length, 1);
    assert.equal(ellipsis.findings[0].kind, 'lookalike');
    assert.match(ellipsis.findings[0].description, /FULL STOP.*U\+2026 HORIZONTAL ELLIPSIS/);
    assert.equal(ellipsis.invisibleOnly, true);
  });

  it('keeps a look-alike that replaces other text a text change', () => {
    const d = diffPromptBytes('prompt', 'a cat, at dusk', 'a cat\u2026 at dusk');
    assert.equal(d.findings[0].kind, 'text');
    assert.equal(d.invisibleOnly, false);
  });

  it('leaves plain text out of the table', () => {
    for (const ch of 'aZ09 \t\n\r"\'-.,:()é🙂')
      assert.equal(specialCharacter(ch.codePointAt(0) as number), null, JSON.stringify(ch));
  });
});

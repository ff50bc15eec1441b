import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCodePoint, diffPromptBytes, revealInvisible } from './prompt-bytes';

describe('diffPromptBytes', () => {
  it('reports identical prompts as identical', () => {
    const d = diffPromptBytes('prompt', 'a cat, masterpiece', 'a cat, masterpiece');
    assert.equal(d.identical, true);
    assert.equal(d.firstDifferenceByte, null);
    assert.deepEqual(d.findings, []);
  });

  it('names a curly vs straight quote with code points and byte offsets', () => {
    const d = diffPromptBytes('prompt', 'a "cat", 4k', 'a \u201ccat\u201d, 4k');
    assert.equal(d.identical, false);
    assert.equal(d.invisibleOnly, true);
    assert.equal(d.findings.length, 2);
    const [open, close] = d.findings;
    assert.equal(open.kind, 'curly-quote');
    assert.deepEqual(open.codePointsA, ['U+0022']);
    assert.deepEqual(open.codePointsB, ['U+201C']);
    assert.equal(open.byteOffsetA, 2);
    assert.equal(open.byteOffsetB, 2);
    assert.match(open.description, /U\+201C LEFT DOUBLE QUOTATION MARK/);
    // B's closing quote sits after a 3-byte opening quote: byte 8 in B, byte 6 in A.
    assert.equal(close.byteOffsetA, 6);
    assert.equal(close.byteOffsetB, 8);
    assert.equal(d.firstDifferenceByte, 2);
    assert.equal(d.bytesB - d.bytesA, 4);
  });

  it('names an en/em dash vs a hyphen', () => {
    const d = diffPromptBytes('prompt', 'sci-fi city', 'sci\u2014fi city');
    assert.equal(d.findings[0].kind, 'dash');
    assert.match(d.findings[0].description, /U\+2014 EM DASH/);
  });

  it('names a no-break space, a zero-width space and a byte order mark', () => {
    assert.equal(diffPromptBytes('prompt', 'red hat', 'red\u00a0hat').findings[0].kind, 'nbsp');
    const zw = diffPromptBytes('prompt', 'redhat', 'red\u200bhat');
    assert.equal(zw.findings[0].kind, 'zero-width');
    assert.equal(zw.findings[0].byteOffsetB, 3);
    assert.match(zw.findings[0].description, /U\+200B ZERO WIDTH SPACE/);
    assert.equal(zw.tokensAdded.length, 1, 'the token with the hidden character is a different token');
    assert.equal(diffPromptBytes('prompt', 'cat', '\ufeffcat').findings[0].kind, 'bom');
  });

  it('names leading and trailing whitespace and CRLF line endings', () => {
    assert.equal(diffPromptBytes('prompt', 'a cat', 'a cat ').findings[0].kind, 'trailing-whitespace');
    assert.equal(diffPromptBytes('prompt', 'a cat', ' a cat').findings[0].kind, 'leading-whitespace');
    const crlf = diffPromptBytes('negativePrompt', 'one\ntwo\nthree', 'one\r\ntwo\r\nthree');
    assert.equal(crlf.findings.length, 1, 'CRLF is named once, with its count');
    assert.equal(crlf.findings[0].kind, 'line-ending');
    assert.match(crlf.findings[0].description, /2 lines/);
    assert.equal(crlf.invisibleOnly, true);
  });

  it('names NFC vs NFD (same text, different bytes)', () => {
    const nfc = 'caf\u00e9 terrace';
    const d = diffPromptBytes('prompt', nfc, nfc.normalize('NFD'));
    assert.equal(d.equalAfterNfc, true);
    assert.equal(d.findings[0].kind, 'normalization');
    assert.deepEqual(d.findings[0].codePointsB, ['U+0065', 'U+0301']);
    assert.equal(d.firstDifferenceByte, 3);
  });

  it('lists changed tokens for real edits and is not invisible-only', () => {
    const d = diffPromptBytes('prompt', 'a cat, red hat, masterpiece', 'a dog, red hat, masterpiece, 4k');
    assert.equal(d.invisibleOnly, false);
    assert.deepEqual(d.tokensRemoved, ['cat']);
    assert.deepEqual(d.tokensAdded, ['dog', '4k']);
    assert.ok(d.findings.some((f) => f.kind === 'text'));
  });

  it('reports the first differing byte as cmp does, inside a multi-byte character', () => {
    // U+201C and U+201D share their first two UTF-8 bytes (E2 80 9C / E2 80 9D).
    const d = diffPromptBytes('prompt', 'x\u201c', 'x\u201d');
    assert.equal(d.firstDifferenceByte, 3);
  });

  it('stays bounded on long, completely rewritten prompts', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `tag${i}`).join(', ');
    const b = Array.from({ length: 3000 }, (_, i) => `word${i * 7}`).join(', ');
    const d = diffPromptBytes('prompt', a, b);
    assert.equal(d.identical, false);
    assert.ok(d.findings.length <= 50);
    assert.equal(d.tokensRemoved.length, 50);
  });

  it('handles megabyte prompts (hostile metadata) without aligning them character by character', () => {
    const a = 'a'.repeat(1_000_000) + ' cat';
    const b = 'a'.repeat(500_000) + 'b' + 'a'.repeat(499_999) + ' dog';
    const d = diffPromptBytes('prompt', a, b);
    assert.equal(d.identical, false);
    assert.equal(d.firstDifferenceByte, 500_000);
    assert.ok(d.findings.length >= 1 && d.findings.length <= 50);
    assert.ok(d.findings[0].a.length <= 200, 'finding text is capped');
  });
});

describe('describeCodePoint / revealInvisible', () => {
  it('shows invisible and space-like characters by code point, plain spaces as they are', () => {
    assert.equal(revealInvisible('red\u200bhat\u00a0x \r\n'), 'red<U+200B>hat<U+00A0>x <U+000D><U+000A>');
  });

  it('names invisible characters without printing them', () => {
    assert.equal(describeCodePoint(0x200b), 'U+200B ZERO WIDTH SPACE');
    assert.equal(describeCodePoint(0x2013), "U+2013 EN DASH '\u2013'");
  });
});

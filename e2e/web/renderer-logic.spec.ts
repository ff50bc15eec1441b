// The renderer's pure pieces, pinned without a browser: the invisible-character rendering of the prompt diff,
// the tuple dump diff2html renders, the filter form, and the grid's windowing at 100k images.
import { expect, test } from '@playwright/test';
import { html as diffToHtml, parse as parseDiff } from 'diff2html';
import type { TupleDiffRow } from '../../shared/compare';
import { diffPromptBytes } from '../../shared/prompt-bytes';
import { codePointLabel, SPECIAL_CHARACTERS, specialCharacter } from '../../shared/special-characters';
import { toVisibleGlyphs, visibleText } from '../../renderer/compare/visible-text';
import { canonicalOrder, culpritLines, tupleDump, unifiedTupleDiff } from '../../renderer/compare/tuple-dump';
import { EMPTY_FORM, parseFilterForm } from '../../renderer/library/filter-form';
import { gridWindow, scrollToReveal } from '../../renderer/library/grid-window';

test.describe('invisible characters made visible', () => {
  test('a trailing space shows as ␣, an interior single space stays a space', () => {
    expect(visibleText('a cat ')).toBe('a cat␣');
    expect(visibleText('a cat')).toBe('a cat');
  });

  test('trailing whitespace before a line break and a leading space are marked', () => {
    expect(visibleText(' x\t\ny')).toBe('␣x⇥↵\ny');
  });

  test('zero-width and no-break spaces are named', () => {
    expect(visibleText('a\u200bb\u00a0c\ufeff')).toBe('a[ZWSP]b[NBSP]c[BOM]');
  });

  test('curly quotes and dashes are labelled with their code points; straight ones are plain', () => {
    const glyphs = toVisibleGlyphs('\u201chi\u201d "x" \u2014');
    const labelled = glyphs.filter((g) => g.kind === 'lookalike').map((g) => g.label);
    expect(labelled).toEqual(['left double quote U+201C', 'right double quote U+201D', 'em dash U+2014']);
    expect(glyphs.find((g) => g.raw === '"')?.kind).toBe('text');
    expect(visibleText('\u2019')).toBe('\u2019[U+2019]');
  });

  test('control characters and variation selectors are shown as code points', () => {
    expect(visibleText('a\u0007b\ufe0f')).toBe('a[U+0007]b[U+FE0F]');
  });

  test('astral characters stay one glyph', () => {
    expect(toVisibleGlyphs('🙂x').map((g) => g.raw)).toEqual(['🙂', 'x']);
  });
});

test.describe('the highlight and the prompt findings read one table', () => {
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  // Latin to CJK punctuation, the specials and fullwidth forms, tag characters, supplementary variation selectors.
  const sweep = [
    ...range(0, 0x3100),
    ...range(0xfe00, 0xff70),
    ...range(0xfff0, 0x10000),
    ...range(0xe0000, 0xe0080),
    ...range(0xe0100, 0xe01f0),
  ];

  test('a character is highlighted exactly when a prompt difference made of it is reported as invisible or look-alike', () => {
    const disagreements: string[] = [];
    for (const cp of sweep) {
      // Space, tab, LF and CR are plain text that the highlight marks only where they trail a line.
      if (cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d || (cp >= 0xd800 && cp < 0xe000)) continue;
      const special = specialCharacter(cp);
      // A replacement character is highlighted (a byte was lost) but is a text change, not a look-alike.
      if (special?.class === 'substitute') continue;
      const highlighted = toVisibleGlyphs(`x${String.fromCodePoint(cp)}x`)[1].kind !== 'text';
      const finding = diffPromptBytes('prompt', `red${special?.plain ?? ''}hat`, `red${String.fromCodePoint(cp)}hat`)
        .findings[0];
      const reported = finding.kind !== 'text';
      if (highlighted !== reported)
        disagreements.push(`${codePointLabel(cp)} highlighted=${highlighted} reported=${reported} (${finding.kind})`);
    }
    expect(disagreements).toEqual([]);
  });

  test('both name the characters the old tables disagreed on: tag characters, U+034F, U+FF07, U+2026', () => {
    for (const cp of [0xe0061, 0xe0001, 0x034f, 0xff07, 0x2026]) {
      const glyph = toVisibleGlyphs(String.fromCodePoint(cp))[0];
      expect(glyph.kind, codePointLabel(cp)).not.toBe('text');
      expect(glyph.label, codePointLabel(cp)).toContain(codePointLabel(cp));
      const special = specialCharacter(cp);
      const finding = diffPromptBytes('prompt', `red${special?.plain ?? ''}hat`, `red${String.fromCodePoint(cp)}hat`)
        .findings[0];
      expect(finding.description).toContain(`${codePointLabel(cp)} ${special?.name}`);
    }
  });

  test('every highlighted table character carries its code point in its label', () => {
    for (const c of SPECIAL_CHARACTERS)
      expect(toVisibleGlyphs(String.fromCodePoint(c.cp))[0].label, c.name).toContain(codePointLabel(c.cp));
  });
});

const rows: TupleDiffRow[] = [
  { field: 'sampler', a: 'DPM++ 2M', b: 'Euler a', same: false },
  { field: 'seed', a: '42', b: '42', same: true },
  { field: 'prompt', a: 'a cat\non a mat ', b: 'a cat\non a mat', same: false },
  { field: 'adapters[detail]', a: '0.6', b: null, same: false },
  { field: 'model', a: 'sdxl', b: 'sdxl', same: true },
  { field: 'determinism.rng', a: null, b: 'CPU', same: false },
];

test.describe('tuple dump and its unified diff', () => {
  test('rows come out in the tuple order, whatever order the compare result lists them in', () => {
    expect(canonicalOrder(rows).map((r) => r.field)).toEqual([
      'model',
      'seed',
      'sampler',
      'prompt',
      'adapters[detail]',
      'determinism.rng',
    ]);
  });

  test('a multi-line prompt stays on its line with escaped line breaks', () => {
    expect(tupleDump(rows, 'a')).toContain('prompt: a cat\\non a mat ');
    expect(tupleDump(rows, 'b').split('\n')).toHaveLength(5);
  });

  test('diff2html parses the diff: one file, equal rows as context, each differing row as -/+', () => {
    const { text, fieldOfLineB } = unifiedTupleDiff(rows, 'a.png', 'b.png');
    const files = parseDiff(text);
    expect(files).toHaveLength(1);
    // sampler and prompt differ on both sides; the adapter is only in A, the RNG only in B.
    expect(files[0].deletedLines).toBe(3);
    expect(files[0].addedLines).toBe(3);
    const lines = files[0].blocks.flatMap((b) => b.lines.map((l) => l.content));
    expect(lines).toContain(' seed: 42');
    expect(lines).toContain('-sampler: DPM++ 2M');
    expect(lines).toContain('+sampler: Euler a');
    expect(lines).toContain('+determinism.rng: CPU');
    expect(fieldOfLineB[2]).toBe('sampler');
  });

  test('the field of every row diff2html draws is known by its line numbers, as the text was made', () => {
    const diff = unifiedTupleDiff(rows, 'a.png', 'b.png');
    const lines = parseDiff(diff.text)[0].blocks.flatMap((b) => b.lines);
    expect(lines).toHaveLength(8);
    for (const line of lines) {
      const field = line.oldNumber
        ? diff.fieldOfLineA[line.oldNumber - 1]
        : diff.fieldOfLineB[(line.newNumber ?? 0) - 1];
      expect(line.content.slice(1).startsWith(`${field}: `), line.content).toBe(true);
      if (line.oldNumber && line.newNumber) expect(diff.fieldOfLineB[line.newNumber - 1]).toBe(field);
    }
  });

  test('a culprit lights its rows by line number: samplerId lights sampler, adapters every adapter row', () => {
    const diff = unifiedTupleDiff(rows, 'a.png', 'b.png');
    // A: model, seed, sampler, prompt, adapters[detail]; B: model, seed, sampler, prompt, determinism.rng.
    expect(culpritLines(diff, 'samplerId')).toEqual({ a: new Set([3]), b: new Set([3]) });
    expect(culpritLines(diff, 'adapters')).toEqual({ a: new Set([5]), b: new Set() });
    expect(culpritLines(diff, 'determinism')).toEqual({ a: new Set(), b: new Set([5]) });
    expect(culpritLines(diff, 'cfg')).toEqual({ a: new Set(), b: new Set() });
  });

  test('diff2html escapes markup in a prompt', () => {
    const hostile: TupleDiffRow[] = [
      { field: 'prompt', a: '<img src=x onerror=alert(1)>', b: '<script>alert(2)</script>', same: false },
    ];
    const out = diffToHtml(unifiedTupleDiff(hostile, 'a', 'b').text, { drawFileList: false, matching: 'lines' });
    expect(out).not.toMatch(/<img|<script/i);
    // Once diff2html's own <del>/<ins> word marks are dropped and entities decoded, the prompt reads as typed.
    const text = out
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#x2F;/g, '/');
    expect(text).toContain('prompt: <img src=x onerror=alert(1)>');
    expect(text).toContain('prompt: <script>alert(2)</script>');
  });
});

test.describe('filter form', () => {
  test('a 2^64-range seed stays an exact decimal string', () => {
    const { filters, problems } = parseFilterForm({ ...EMPTY_FORM, seed: '18446744073709551615' });
    expect(problems).toEqual([]);
    expect(filters.seed).toBe('18446744073709551615');
  });

  test('typed fields become typed filters; blank ones are left out', () => {
    const { filters } = parseFilterForm({
      ...EMPTY_FORM,
      sampler: 'euler',
      steps: '20',
      cfgMin: '5',
      cfgMax: '7.5',
      size: '832x1216',
      folder: '3',
    });
    expect(filters).toEqual({
      sampler: 'euler',
      steps: 20,
      cfgMin: 5,
      cfgMax: 7.5,
      width: 832,
      height: 1216,
      folder: 3,
    });
  });

  test('the "to" date includes the whole day', () => {
    const { filters } = parseFilterForm({ ...EMPTY_FORM, since: '2024-05-01', until: '2024-05-01' });
    expect((filters.until ?? 0) - (filters.since ?? 0)).toBe(86_400_000);
  });

  test('fields that do not parse are reported by name, not ignored silently', () => {
    const { filters, problems } = parseFilterForm({
      ...EMPTY_FORM,
      seed: '12a',
      steps: '2.5',
      size: 'big',
      cfgMin: '9',
      cfgMax: '3',
    });
    expect(filters.seed).toBeUndefined();
    expect(problems.join(' | ')).toMatch(/Seed "12a".*Steps "2.5".*CFG from \(9\) is above CFG to \(3\).*Size "big"/);
  });
});

test.describe('grid windowing', () => {
  const base = { width: 1000, height: 700, cell: 156, rowHeight: 174, gap: 6, overscan: 3 };

  test('at 100,000 images only a screenful of rows is rendered', () => {
    const w = gridWindow({ ...base, scrollTop: 0, count: 100_000 });
    expect(w.columns).toBe(6);
    expect(w.rows).toBe(Math.ceil(100_000 / 6));
    expect(w.end - w.start).toBeLessThanOrEqual(6 * 8);
    expect(w.totalHeight).toBe(w.rows * 180 - 6);
  });

  test('scrolled to the end, the window holds the last items', () => {
    const w0 = gridWindow({ ...base, scrollTop: 0, count: 100_000 });
    const w = gridWindow({ ...base, scrollTop: w0.totalHeight - 700, count: 100_000 });
    expect(w.end).toBe(100_000);
    expect(w.end - w.start).toBeLessThanOrEqual(6 * 8);
  });

  test('revealing an item below the view scrolls just enough', () => {
    expect(scrollToReveal(60, 6, 180, 0, 700, 174)).toBe(10 * 180 + 174 - 700);
    expect(scrollToReveal(0, 6, 180, 0, 700, 174)).toBeNull();
  });
});

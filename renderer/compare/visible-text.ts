// Makes a prompt's invisible or look-alike characters visible, so a byte-level prompt diff can be read by eye.
// The seed guide's cause 6: a trailing space, a curly quote or an em-dash pasted from Notion / Google Docs is a
// different token to the tokenizer but looks the same on screen.

export type GlyphKind = 'text' | 'space' | 'invisible' | 'lookalike' | 'control';

export interface VisibleGlyph {
  /** What is drawn. */
  shown: string;
  /** The original characters. */
  raw: string;
  kind: GlyphKind;
  /** A label for the tooltip / screen reader, with the U+ code point. */
  label: string | null;
}

const INVISIBLE_NAMES: Record<number, string> = {
  0x00a0: 'NBSP',
  0x00ad: 'SHY',
  0x034f: 'CGJ',
  0x061c: 'ALM',
  0x115f: 'HCF',
  0x180e: 'MVS',
  0x2000: 'NQSP',
  0x2001: 'MQSP',
  0x2002: 'ENSP',
  0x2003: 'EMSP',
  0x2004: '3/MSP',
  0x2005: '4/MSP',
  0x2006: '6/MSP',
  0x2007: 'FSP',
  0x2008: 'PSP',
  0x2009: 'THSP',
  0x200a: 'HSP',
  0x200b: 'ZWSP',
  0x200c: 'ZWNJ',
  0x200d: 'ZWJ',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x2028: 'LSEP',
  0x2029: 'PSEP',
  0x202a: 'LRE',
  0x202b: 'RLE',
  0x202c: 'PDF',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x202f: 'NNBSP',
  0x205f: 'MMSP',
  0x2060: 'WJ',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
  0x3000: 'IDSP',
  0xfeff: 'BOM',
  0xfffd: 'REPLACEMENT',
};

const LOOKALIKE_NAMES: Record<number, string> = {
  0x2018: 'left single quote',
  0x2019: 'right single quote',
  0x201a: 'low single quote',
  0x201b: 'reversed single quote',
  0x201c: 'left double quote',
  0x201d: 'right double quote',
  0x201e: 'low double quote',
  0x2032: 'prime',
  0x2033: 'double prime',
  0x00b4: 'acute accent',
  0x02bc: 'modifier apostrophe',
  0xff07: 'fullwidth apostrophe',
  0xff02: 'fullwidth quote',
  0x2010: 'hyphen',
  0x2011: 'non-breaking hyphen',
  0x2012: 'figure dash',
  0x2013: 'en dash',
  0x2014: 'em dash',
  0x2015: 'horizontal bar',
  0x2212: 'minus sign',
  0x2026: 'ellipsis',
  0xff0c: 'fullwidth comma',
  0x3001: 'ideographic comma',
  0xff08: 'fullwidth paren',
  0xff09: 'fullwidth paren',
  0xff1a: 'fullwidth colon',
};

export function codePointLabel(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * One glyph per code point (surrogate pairs kept together); trailing spaces and tabs become ␣ / ⇥.
 * ␣ (U+2423) rather than ␠ (U+2420): DejaVu, the default on Linux desktops, has no U+2420 and draws a box.
 */
export function toVisibleGlyphs(text: string): VisibleGlyph[] {
  const chars = Array.from(text);
  const glyphs: VisibleGlyph[] = [];
  // A space is only "invisible" where it matters: at a line end (or the text end) and in runs of two or more.
  const trailing = trailingWhitespaceIndexes(chars);
  for (let i = 0; i < chars.length; i += 1) {
    const raw = chars[i];
    const cp = raw.codePointAt(0) ?? 0;
    glyphs.push(glyphFor(raw, cp, trailing.has(i) || (raw === ' ' && (chars[i + 1] === ' ' || chars[i - 1] === ' '))));
  }
  return glyphs;
}

function glyphFor(raw: string, cp: number, spaceMatters: boolean): VisibleGlyph {
  if (raw === ' ') {
    return spaceMatters ? { shown: '␣', raw, kind: 'space', label: 'space U+0020' } : { shown: raw, raw, kind: 'text', label: null };
  }
  if (raw === '\t') return { shown: '⇥', raw, kind: 'space', label: 'tab U+0009' };
  if (raw === '\n') return { shown: '↵\n', raw, kind: 'space', label: 'line feed U+000A' };
  if (raw === '\r') return { shown: '[CR]', raw, kind: 'control', label: 'carriage return U+000D' };
  const invisible = INVISIBLE_NAMES[cp];
  if (invisible) return { shown: `[${invisible}]`, raw, kind: 'invisible', label: `${invisible} ${codePointLabel(cp)}` };
  const lookalike = LOOKALIKE_NAMES[cp];
  if (lookalike) return { shown: raw, raw, kind: 'lookalike', label: `${lookalike} ${codePointLabel(cp)}` };
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
    return { shown: `[${codePointLabel(cp)}]`, raw, kind: 'control', label: `control character ${codePointLabel(cp)}` };
  }
  // Variation selectors and tag characters draw nothing but change the bytes.
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0000 && cp <= 0xe007f)) {
    return { shown: `[${codePointLabel(cp)}]`, raw, kind: 'invisible', label: `invisible ${codePointLabel(cp)}` };
  }
  return { shown: raw, raw, kind: 'text', label: null };
}

function trailingWhitespaceIndexes(chars: string[]): Set<number> {
  const out = new Set<number>();
  let i = chars.length - 1;
  const markRunBefore = (end: number): void => {
    for (let j = end; j >= 0 && (chars[j] === ' ' || chars[j] === '\t'); j -= 1) out.add(j);
  };
  markRunBefore(i);
  for (i = 0; i < chars.length; i += 1) if (chars[i] === '\n') markRunBefore(i - 1);
  // A leading space is as invisible as a trailing one.
  for (let j = 0; j < chars.length && chars[j] === ' '; j += 1) out.add(j);
  return out;
}

/** The visible rendering as one string (for copy, tests and aria labels). */
export function visibleText(text: string): string {
  return toVisibleGlyphs(text)
    .map((g) => (g.kind === 'lookalike' ? `${g.raw}[${g.label?.split(' ').pop() ?? ''}]` : g.shown))
    .join('');
}

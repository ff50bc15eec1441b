// Makes a prompt's invisible or look-alike characters visible, so a byte-level prompt diff can be read by eye.
// The seed guide's cause 6: a trailing space, a curly quote or an em-dash pasted from Notion / Google Docs is a
// different token to the tokenizer but looks the same on screen. Which characters those are is the shared table
// the prompt findings also read, so a highlighted character is a reported one.
import { codePointLabel, specialCharacter } from '../../shared/special-characters';

type GlyphKind = 'text' | 'space' | 'invisible' | 'lookalike' | 'control';

export interface VisibleGlyph {
  /** What is drawn. */
  shown: string;
  /** The original characters. */
  raw: string;
  kind: GlyphKind;
  /** A label for the tooltip / screen reader, with the U+ code point. */
  label: string | null;
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
    return spaceMatters
      ? { shown: '␣', raw, kind: 'space', label: 'space U+0020' }
      : { shown: raw, raw, kind: 'text', label: null };
  }
  if (raw === '\t') return { shown: '⇥', raw, kind: 'space', label: 'tab U+0009' };
  if (raw === '\n') return { shown: '↵\n', raw, kind: 'space', label: 'line feed U+000A' };
  if (raw === '\r') return { shown: '[CR]', raw, kind: 'control', label: 'carriage return U+000D' };
  const special = specialCharacter(cp);
  if (!special) return { shown: raw, raw, kind: 'text', label: null };
  const code = codePointLabel(cp);
  if (special.class === 'control')
    return { shown: `[${code}]`, raw, kind: 'control', label: `control character ${code}` };
  if (special.class === 'quote' || special.class === 'dash' || special.class === 'punctuation') {
    return { shown: raw, raw, kind: 'lookalike', label: `${special.short ?? special.name.toLowerCase()} ${code}` };
  }
  // Drawn by abbreviation where it has one; variation selectors and tag characters by code point.
  return special.short
    ? { shown: `[${special.short}]`, raw, kind: 'invisible', label: `${special.short} ${code}` }
    : { shown: `[${code}]`, raw, kind: 'invisible', label: `invisible ${code}` };
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

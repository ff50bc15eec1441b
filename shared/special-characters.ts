// The one table of invisible and look-alike characters. The seed guide's cause 6: a prompt pasted through Notion,
// Google Docs or Slack carries characters that draw nothing or look like plain ASCII, and the tokenizer sees other
// tokens. The prompt byte diff (shared/prompt-bytes.ts) names them in its findings and the renderer
// (renderer/compare/visible-text.ts) highlights them; both read this table so they name the same characters.

/** How a character hides: the first four draw nothing (or a blank), the last three pass for plain ASCII. */
export type SpecialClass =
  | 'space'
  | 'zero-width'
  | 'format'
  | 'control'
  | 'substitute'
  | 'quote'
  | 'dash'
  | 'punctuation';

export interface SpecialCharacter {
  cp: number;
  class: SpecialClass;
  /** The Unicode name (for controls and ranges, a descriptive one). */
  name: string;
  /** What the highlight shows: an abbreviation in brackets for an invisible one (`ZWSP`), a few words for a
   *  look-alike (`left double quote`); null where the code point itself is shown. */
  short: string | null;
  /** The ASCII text it passes for, where it passes for one. */
  plain: string | null;
}

type Row = [cp: number, name: string, short: string | null, plain?: string];

function rows(cls: SpecialClass, list: Row[]): SpecialCharacter[] {
  return list.map(([cp, name, short, plain]) => ({ cp, class: cls, name, short, plain: plain ?? null }));
}

/** Every listed character; the ranges below (tag characters, variation selectors, controls) are computed. */
export const SPECIAL_CHARACTERS: readonly SpecialCharacter[] = [
  ...rows('space', [
    [0x00a0, 'NO-BREAK SPACE', 'NBSP', ' '],
    [0x2000, 'EN QUAD', 'NQSP', ' '],
    [0x2001, 'EM QUAD', 'MQSP', ' '],
    [0x2002, 'EN SPACE', 'ENSP', ' '],
    [0x2003, 'EM SPACE', 'EMSP', ' '],
    [0x2004, 'THREE-PER-EM SPACE', '3/MSP', ' '],
    [0x2005, 'FOUR-PER-EM SPACE', '4/MSP', ' '],
    [0x2006, 'SIX-PER-EM SPACE', '6/MSP', ' '],
    [0x2007, 'FIGURE SPACE', 'FSP', ' '],
    [0x2008, 'PUNCTUATION SPACE', 'PSP', ' '],
    [0x2009, 'THIN SPACE', 'THSP', ' '],
    [0x200a, 'HAIR SPACE', 'HSP', ' '],
    [0x2028, 'LINE SEPARATOR', 'LSEP', '\n'],
    [0x2029, 'PARAGRAPH SEPARATOR', 'PSEP', '\n'],
    [0x202f, 'NARROW NO-BREAK SPACE', 'NNBSP', ' '],
    [0x205f, 'MEDIUM MATHEMATICAL SPACE', 'MMSP', ' '],
    [0x3000, 'IDEOGRAPHIC SPACE', 'IDSP', ' '],
  ]),
  ...rows('zero-width', [
    [0x00ad, 'SOFT HYPHEN', 'SHY'],
    [0x034f, 'COMBINING GRAPHEME JOINER', 'CGJ'],
    [0x115f, 'HANGUL CHOSEONG FILLER', 'HCF'],
    [0x180e, 'MONGOLIAN VOWEL SEPARATOR', 'MVS'],
    [0x200b, 'ZERO WIDTH SPACE', 'ZWSP'],
    [0x200c, 'ZERO WIDTH NON-JOINER', 'ZWNJ'],
    [0x200d, 'ZERO WIDTH JOINER', 'ZWJ'],
    [0x2060, 'WORD JOINER', 'WJ'],
    [0x2061, 'FUNCTION APPLICATION', null],
    [0x2062, 'INVISIBLE TIMES', null],
    [0x2063, 'INVISIBLE SEPARATOR', null],
    [0x2064, 'INVISIBLE PLUS', null],
    [0xfeff, 'ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)', 'BOM'],
  ]),
  ...rows('format', [
    [0x061c, 'ARABIC LETTER MARK', 'ALM'],
    [0x200e, 'LEFT-TO-RIGHT MARK', 'LRM'],
    [0x200f, 'RIGHT-TO-LEFT MARK', 'RLM'],
    [0x202a, 'LEFT-TO-RIGHT EMBEDDING', 'LRE'],
    [0x202b, 'RIGHT-TO-LEFT EMBEDDING', 'RLE'],
    [0x202c, 'POP DIRECTIONAL FORMATTING', 'PDF'],
    [0x202d, 'LEFT-TO-RIGHT OVERRIDE', 'LRO'],
    [0x202e, 'RIGHT-TO-LEFT OVERRIDE', 'RLO'],
    [0x2066, 'LEFT-TO-RIGHT ISOLATE', 'LRI'],
    [0x2067, 'RIGHT-TO-LEFT ISOLATE', 'RLI'],
    [0x2068, 'FIRST STRONG ISOLATE', 'FSI'],
    [0x2069, 'POP DIRECTIONAL ISOLATE', 'PDI'],
    [0x206a, 'INHIBIT SYMMETRIC SWAPPING', null],
    [0x206b, 'ACTIVATE SYMMETRIC SWAPPING', null],
    [0x206c, 'INHIBIT ARABIC FORM SHAPING', null],
    [0x206d, 'ACTIVATE ARABIC FORM SHAPING', null],
    [0x206e, 'NATIONAL DIGIT SHAPES', null],
    [0x206f, 'NOMINAL DIGIT SHAPES', null],
  ]),
  // Not invisible, but where it stands the original bytes were lost in a decode: the prompt is not the one used.
  ...rows('substitute', [[0xfffd, 'REPLACEMENT CHARACTER', 'REPLACEMENT']]),
  ...rows('quote', [
    [0x00ab, 'LEFT-POINTING DOUBLE ANGLE QUOTATION MARK', 'left guillemet', '"'],
    [0x00b4, 'ACUTE ACCENT', 'acute accent', "'"],
    [0x00bb, 'RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK', 'right guillemet', '"'],
    [0x02bc, 'MODIFIER LETTER APOSTROPHE', 'modifier apostrophe', "'"],
    [0x2018, 'LEFT SINGLE QUOTATION MARK', 'left single quote', "'"],
    [0x2019, 'RIGHT SINGLE QUOTATION MARK', 'right single quote', "'"],
    [0x201a, 'SINGLE LOW-9 QUOTATION MARK', 'low single quote', "'"],
    [0x201b, 'SINGLE HIGH-REVERSED-9 QUOTATION MARK', 'reversed single quote', "'"],
    [0x201c, 'LEFT DOUBLE QUOTATION MARK', 'left double quote', '"'],
    [0x201d, 'RIGHT DOUBLE QUOTATION MARK', 'right double quote', '"'],
    [0x201e, 'DOUBLE LOW-9 QUOTATION MARK', 'low double quote', '"'],
    [0x2032, 'PRIME', 'prime', "'"],
    [0x2033, 'DOUBLE PRIME', 'double prime', '"'],
    [0xff02, 'FULLWIDTH QUOTATION MARK', 'fullwidth quote', '"'],
    [0xff07, 'FULLWIDTH APOSTROPHE', 'fullwidth apostrophe', "'"],
  ]),
  ...rows('dash', [
    [0x2010, 'HYPHEN', 'hyphen', '-'],
    [0x2011, 'NON-BREAKING HYPHEN', 'non-breaking hyphen', '-'],
    [0x2012, 'FIGURE DASH', 'figure dash', '-'],
    [0x2013, 'EN DASH', 'en dash', '-'],
    [0x2014, 'EM DASH', 'em dash', '-'],
    [0x2015, 'HORIZONTAL BAR', 'horizontal bar', '-'],
    [0x2212, 'MINUS SIGN', 'minus sign', '-'],
  ]),
  ...rows('punctuation', [
    [0x2026, 'HORIZONTAL ELLIPSIS', 'ellipsis', '...'],
    [0x3001, 'IDEOGRAPHIC COMMA', 'ideographic comma', ','],
    [0xff08, 'FULLWIDTH LEFT PARENTHESIS', 'fullwidth paren', '('],
    [0xff09, 'FULLWIDTH RIGHT PARENTHESIS', 'fullwidth paren', ')'],
    [0xff0c, 'FULLWIDTH COMMA', 'fullwidth comma', ','],
    [0xff1a, 'FULLWIDTH COLON', 'fullwidth colon', ':'],
  ]),
];

const BY_CODE_POINT = new Map(SPECIAL_CHARACTERS.map((c) => [c.cp, c]));

/** Tag characters (U+E0000..U+E007F) spell hidden ASCII that no font draws: text smuggled into a prompt. */
function tagCharacter(cp: number): SpecialCharacter {
  const ascii = cp - 0xe0000;
  const name =
    cp === 0xe0001
      ? 'LANGUAGE TAG'
      : cp === 0xe007f
        ? 'CANCEL TAG'
        : ascii === 0x20
          ? 'TAG SPACE'
          : ascii > 0x20 && ascii < 0x7f
            ? `TAG FOR '${String.fromCharCode(ascii)}'`
            : 'TAG CHARACTER';
  return { cp, class: 'zero-width', name, short: null, plain: null };
}

function computedCharacter(cp: number): SpecialCharacter | null {
  // TAB, LF and CR are plain text; every other C0 or C1 control is not.
  if ((cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp < 0xa0)) {
    return { cp, class: 'control', name: 'CONTROL CHARACTER', short: null, plain: null };
  }
  if (cp >= 0xfe00 && cp <= 0xfe0f)
    return { cp, class: 'zero-width', name: `VARIATION SELECTOR-${cp - 0xfe00 + 1}`, short: null, plain: null };
  if (cp >= 0xe0100 && cp <= 0xe01ef)
    return { cp, class: 'zero-width', name: `VARIATION SELECTOR-${cp - 0xe0100 + 17}`, short: null, plain: null };
  if (cp >= 0xe0000 && cp <= 0xe007f) return tagCharacter(cp);
  return null;
}

/** The entry for an invisible or look-alike code point, null for plain text. */
export function specialCharacter(cp: number): SpecialCharacter | null {
  return BY_CODE_POINT.get(cp) ?? computedCharacter(cp);
}

/** Names of the plain characters the special ones are confused with, and of the marks an NFD prompt splits off. */
const PLAIN_NAMES: Record<number, string> = {
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x20: 'SPACE',
  0x22: 'QUOTATION MARK',
  0x27: 'APOSTROPHE',
  0x28: 'LEFT PARENTHESIS',
  0x29: 'RIGHT PARENTHESIS',
  0x2c: 'COMMA',
  0x2d: 'HYPHEN-MINUS',
  0x2e: 'FULL STOP',
  0x3a: 'COLON',
  0x60: 'GRAVE ACCENT',
  0x0300: 'COMBINING GRAVE ACCENT',
  0x0301: 'COMBINING ACUTE ACCENT',
  0x0308: 'COMBINING DIAERESIS',
};

/** The name of a special character or of a plain one it is confused with; null for any other character. */
export function characterName(cp: number): string | null {
  return specialCharacter(cp)?.name ?? PLAIN_NAMES[cp] ?? null;
}

/** Draws nothing, or only a blank: zero-width, format and control characters, and spaces other than U+0020. */
export function isInvisibleClass(cls: SpecialClass): boolean {
  return cls === 'space' || cls === 'zero-width' || cls === 'format' || cls === 'control';
}

/** `U+201C` */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every look-alike replaced by the ASCII it passes for: equal folds mean only look-alikes differ. */
export function foldLookalikes(cps: readonly number[]): string {
  let out = '';
  for (const cp of cps) {
    const special = specialCharacter(cp);
    out += special?.plain != null && !isInvisibleClass(special.class) ? special.plain : String.fromCodePoint(cp);
  }
  return out;
}

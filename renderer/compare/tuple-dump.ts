// The parameter diff as the seed guide's Step 1 does it ("save both metadata sets to text files and diff them"):
// each tuple becomes a canonical text dump, one `field: value` line per field in a fixed order, and the two
// dumps become one unified diff that diff2html renders. The compare result's rows are already aligned by field,
// so the diff is built from them directly (every line is context, or a -/+ pair) with no line-matching guesswork.
import type { TupleDiffRow } from '../../shared/compare';

/** Fields in the order a person reads a tuple (the guide's tuple order); anything else follows alphabetically. */
const FIELD_ORDER = [
  'generator',
  'software',
  'model',
  'modelHash',
  'modelVersion',
  'seed',
  'sampler',
  'samplerId',
  'scheduler',
  'schedulerId',
  'steps',
  'cfg',
  'width',
  'height',
  'size',
  'prompt',
  'negativePrompt',
  'promptSha256',
  'negativePromptSha256',
];

function rank(field: string): [number, string, string] {
  const top = field.split(/[.[]/)[0];
  const i = FIELD_ORDER.indexOf(field);
  const j = FIELD_ORDER.indexOf(top);
  const group =
    i >= 0
      ? i
      : j >= 0
        ? j + 0.5
        : top === 'adapters'
          ? 100
          : top === 'passes'
            ? 101
            : top === 'postprocess'
              ? 102
              : top === 'determinism'
                ? 103
                : 104;
  return [group, top, field];
}

export function canonicalOrder(rows: TupleDiffRow[]): TupleDiffRow[] {
  return [...rows].sort((x, y) => {
    const a = rank(x.field);
    const b = rank(y.field);
    return a[0] - b[0] || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2], undefined, { numeric: true });
  });
}

/** One dump line: control characters are escaped so a multi-line prompt stays on its line. */
function dumpLine(field: string, value: string): string {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${field}: ${escaped}`;
}

/** The canonical text dump of one side, for "copy" and for reading. */
export function tupleDump(rows: TupleDiffRow[], side: 'a' | 'b'): string {
  return canonicalOrder(rows)
    .filter((r) => r[side] !== null)
    .map((r) => dumpLine(r.field, r[side] as string))
    .join('\n');
}

export interface UnifiedTupleDiff {
  text: string;
  /** The field each dump line shows, by line number on each side (index 0 is line 1): the numbers of the hunk
   *  header, which diff2html prints beside every row, so a row is found by its number and never by its text. */
  fieldOfLineA: string[];
  fieldOfLineB: string[];
}

export function unifiedTupleDiff(rows: TupleDiffRow[], nameA: string, nameB: string): UnifiedTupleDiff {
  const body: string[] = [];
  const fieldOfLineA: string[] = [];
  const fieldOfLineB: string[] = [];
  for (const r of canonicalOrder(rows)) {
    const lineA = r.a === null ? null : dumpLine(r.field, r.a);
    const lineB = r.b === null ? null : dumpLine(r.field, r.b);
    if (r.same && lineA !== null && lineA === lineB) {
      body.push(` ${lineA}`);
      fieldOfLineA.push(r.field);
      fieldOfLineB.push(r.field);
      continue;
    }
    if (lineA !== null) {
      body.push(`-${lineA}`);
      fieldOfLineA.push(r.field);
    }
    if (lineB !== null) {
      body.push(`+${lineB}`);
      fieldOfLineB.push(r.field);
    }
  }
  const countA = fieldOfLineA.length;
  const countB = fieldOfLineB.length;
  const safe = (n: string) => n.replace(/[\r\n\t]/g, ' ');
  const header = [
    `diff --git a/${safe(nameA)} b/${safe(nameB)}`,
    `--- a/${safe(nameA)}`,
    `+++ b/${safe(nameB)}`,
    `@@ -${countA ? 1 : 0},${countA} +${countB ? 1 : 0},${countB} @@ generation tuple`,
  ];
  return { text: [...header, ...body].join('\n') + '\n', fieldOfLineA, fieldOfLineB };
}

/** A culprit on `samplerId` also lights the `sampler` row as written; `adapters` lights every `adapters[...]` row. */
function fieldMatches(rowField: string, culpritField: string): boolean {
  const bases = [culpritField, culpritField.replace(/Id$/, '')];
  return bases.some((f) => rowField === f || rowField.startsWith(`${f}[`) || rowField.startsWith(`${f}.`));
}

/** The line numbers, on each side, of the rows a culprit on `culpritField` lights. */
export function culpritLines(diff: UnifiedTupleDiff, culpritField: string): { a: Set<number>; b: Set<number> } {
  const numbers = (fields: string[]) =>
    new Set(fields.flatMap((f, i) => (fieldMatches(f, culpritField) ? [i + 1] : [])));
  return { a: numbers(diff.fieldOfLineA), b: numbers(diff.fieldOfLineB) };
}

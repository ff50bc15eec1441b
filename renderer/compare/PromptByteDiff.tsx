// The byte-level prompt diff: both prompts drawn with their invisible characters made visible (␣ for a
// trailing space, [ZWSP], [NBSP], curly quotes labelled with their code points), the differing ranges marked,
// and every finding named with its UTF-8 byte offset (what `cmp` reports).
import type { ReactNode } from 'react';
import type { PromptDiff } from '../../shared/compare';
import { toVisibleGlyphs, type VisibleGlyph } from './visible-text';

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Code point index ranges [start, end) for byte ranges [from, to). */
function byteRangesToIndexes(text: string, ranges: Array<[number, number]>): Set<number> {
  const marked = new Set<number>();
  if (ranges.length === 0) return marked;
  let byte = 0;
  let index = 0;
  for (const ch of text) {
    const len = utf8Length(ch.codePointAt(0) ?? 0);
    for (const [from, to] of ranges) if (byte < to && byte + len > from) marked.add(index);
    byte += len;
    index += 1;
  }
  return marked;
}

function glyphClass(g: VisibleGlyph): string {
  return g.kind === 'text' ? '' : `glyph-${g.kind}`;
}

/** Draws text glyph by glyph; consecutive plain characters share one span to keep the DOM small. */
export function VisibleRun({
  text,
  marked,
  markClass,
  labels = true,
}: {
  text: string;
  marked?: Set<number>;
  markClass?: string;
  labels?: boolean;
}) {
  const glyphs = toVisibleGlyphs(text);
  const out: ReactNode[] = [];
  let plain = '';
  let plainMarked = false;
  const flush = (key: number): void => {
    if (!plain) return;
    out.push(
      <span key={`p${key}`} className={plainMarked ? markClass : undefined}>
        {plain}
      </span>,
    );
    plain = '';
  };
  glyphs.forEach((g, i) => {
    const isMarked = marked?.has(i) ?? false;
    if (g.kind === 'text') {
      if (plain && isMarked !== plainMarked) flush(i);
      plainMarked = isMarked;
      plain += g.shown;
      return;
    }
    flush(i);
    const cls = [glyphClass(g), isMarked ? markClass : ''].filter(Boolean).join(' ');
    out.push(
      <span key={i} className={cls} title={g.label ?? undefined} data-glyph={g.kind}>
        {g.shown}
        {labels && g.kind === 'lookalike' && <span className="glyph-label">{g.label?.split(' ').pop()}</span>}
      </span>,
    );
  });
  flush(glyphs.length);
  return <>{out}</>;
}

interface Props {
  diff: PromptDiff;
  textA: string | null;
  textB: string | null;
}

export function PromptByteDiff({ diff, textA, textB }: Props) {
  const label = diff.field === 'prompt' ? 'Prompt' : 'Negative prompt';
  const rangesA: Array<[number, number]> = [];
  const rangesB: Array<[number, number]> = [];
  for (const f of diff.findings) {
    if (f.byteOffsetA !== null) rangesA.push([f.byteOffsetA, f.byteOffsetA + new TextEncoder().encode(f.a).length]);
    if (f.byteOffsetB !== null) rangesB.push([f.byteOffsetB, f.byteOffsetB + new TextEncoder().encode(f.b).length]);
  }
  return (
    <section data-testid="prompt-diff" data-field={diff.field} data-identical={diff.identical}>
      <h3 className="sub">
        {label}:{' '}
        {diff.identical
          ? 'identical bytes'
          : `differs from byte ${diff.firstDifferenceByte ?? '?'} (A ${diff.bytesA} bytes, B ${diff.bytesB} bytes)${
              diff.invisibleOnly ? ' — only invisible / typographic characters differ' : ''
            }${!diff.identical && diff.equalAfterNfc ? ' — equal after NFC normalization' : ''}`}
      </h3>
      {!diff.identical && diff.findings.length > 0 && (
        <ul className="warnings" style={{ color: 'var(--text)' }} data-testid="prompt-findings">
          {diff.findings.map((f, i) => (
            <li key={i} data-kind={f.kind}>
              <span className="pill warn">{f.kind}</span> {f.description}
              <div className="mono" style={{ fontSize: 11 }}>
                A:{' '}
                <span className="prompt-diff del-inline">
                  <VisibleRun text={f.a} labels={false} />
                </span>{' '}
                {f.codePointsA.join(' ')}
                {'  '}B:{' '}
                <span className="prompt-diff ins-inline">
                  <VisibleRun text={f.b} labels={false} />
                </span>{' '}
                {f.codePointsB.join(' ')}
              </div>
            </li>
          ))}
          {diff.truncated && <li className="dim">More differences exist than are listed.</li>}
        </ul>
      )}
      {!diff.identical && (diff.tokensRemoved.length > 0 || diff.tokensAdded.length > 0) && (
        <div style={{ fontSize: 12, margin: '4px 0' }}>
          {diff.tokensRemoved.length > 0 && (
            <div>
              <span className="dim">only in A:</span> <span className="mono">{diff.tokensRemoved.join(', ')}</span>
            </div>
          )}
          {diff.tokensAdded.length > 0 && (
            <div>
              <span className="dim">only in B:</span> <span className="mono">{diff.tokensAdded.join(', ')}</span>
            </div>
          )}
        </div>
      )}
      {textA !== null && (
        <div className="prompt-diff" data-testid={`prompt-text-a-${diff.field}`}>
          <span className="dim">A │ </span>
          <VisibleRun text={textA} marked={byteRangesToIndexes(textA, rangesA)} markClass="del" />
        </div>
      )}
      {textB !== null && !diff.identical && (
        <div className="prompt-diff" style={{ marginTop: 4 }} data-testid={`prompt-text-b-${diff.field}`}>
          <span className="dim">B │ </span>
          <VisibleRun text={textB} marked={byteRangesToIndexes(textB, rangesB)} markClass="ins" />
        </div>
      )}
    </section>
  );
}

// The parameter diff rendered by diff2html, with the top culprit's rows highlighted and its fix step shown
// right under them. diff2html's HTML is the one place this renderer sets innerHTML: diff2html escapes every
// line of the diff (verified by the XSS spec), and the fix row is added with textContent.
import { html as diffToHtml } from 'diff2html';
import { ColorSchemeType } from 'diff2html/lib/types';
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Culprit, TupleDiffRow } from '../../shared/compare';
import { unifiedTupleDiff } from './tuple-dump';

interface Props {
  rows: TupleDiffRow[];
  nameA: string;
  nameB: string;
  culprit: Culprit | null;
}

/** A culprit on `samplerId` also lights the `sampler` row as written; `adapters` lights every `adapters[...]` row. */
function fieldMatches(rowField: string, culpritField: string): boolean {
  const bases = [culpritField, culpritField.replace(/Id$/, '')];
  return bases.some((f) => rowField === f || rowField.startsWith(`${f}[`) || rowField.startsWith(`${f}.`));
}

export function ParameterDiff({ rows, nameA, nameB, culprit }: Props) {
  const ref = useRef<HTMLDivElement | null>(null);
  const diff = useMemo(() => unifiedTupleDiff(rows, nameA, nameB), [rows, nameA, nameB]);
  const markup = useMemo(
    () => diffToHtml(diff.text, { drawFileList: false, outputFormat: 'line-by-line', matching: 'lines', diffStyle: 'char', colorScheme: ColorSchemeType.DARK }),
    [diff.text],
  );

  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    // React keeps the diff2html markup across renders with the same string: undo the previous highlight first.
    root.querySelectorAll('.culprit-fix-row').forEach((row) => row.remove());
    root.querySelectorAll('tr.culprit-row').forEach((row) => row.classList.remove('culprit-row'));
    if (!culprit) return;
    let last: HTMLTableRowElement | null = null;
    root.querySelectorAll<HTMLTableRowElement>('tr').forEach((tr) => {
      const text = tr.querySelector('.d2h-code-line-ctn')?.textContent ?? '';
      const field = diff.fieldOfLine.get(text);
      if (field && fieldMatches(field, culprit.field)) {
        tr.classList.add('culprit-row');
        tr.dataset.testid = 'culprit-row';
        tr.dataset.field = field;
        last = tr;
      }
    });
    const anchor = last as HTMLTableRowElement | null;
    if (anchor) {
      const fixRow = document.createElement('tr');
      fixRow.className = 'culprit-fix-row';
      fixRow.dataset.testid = 'culprit-fix';
      const cell = document.createElement('td');
      cell.colSpan = 2;
      const label = document.createElement('strong');
      label.textContent = 'Likely culprit — fix: ';
      const fix = document.createElement('span');
      fix.textContent = culprit.fix;
      cell.append(label, fix);
      fixRow.append(cell);
      anchor.after(fixRow);
    }
  }, [markup, culprit, diff]);

  if (rows.length === 0) {
    return <p className="dim" data-testid="param-diff-empty">No parameter diff: at least one image has no generation parameters.</p>;
  }
  return <div ref={ref} className="param-diff" data-testid="param-diff" dangerouslySetInnerHTML={{ __html: markup }} />;
}

// The parameter diff rendered by diff2html, with the top culprit's rows highlighted and its fix step shown
// right under them. diff2html's HTML is the one place this renderer sets innerHTML: diff2html escapes every
// line of the diff (verified by the XSS spec), and the fix row is added with textContent.
import { html as diffToHtml } from 'diff2html';
import { ColorSchemeType } from 'diff2html/lib/types';
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Culprit, TupleDiffRow } from '../../shared/compare';
import { culpritLines, unifiedTupleDiff } from './tuple-dump';

interface Props {
  rows: TupleDiffRow[];
  nameA: string;
  nameB: string;
  culprit: Culprit | null;
}

/** The line number diff2html printed in one of a row's number cells (line-num1: A, line-num2: B), 0 for none. */
function lineNumber(tr: HTMLTableRowElement, cell: 'line-num1' | 'line-num2'): number {
  return Number(tr.querySelector(`.${cell}`)?.textContent?.trim() || 0);
}

export function ParameterDiff({ rows, nameA, nameB, culprit }: Props) {
  const ref = useRef<HTMLDivElement | null>(null);
  const diff = useMemo(() => unifiedTupleDiff(rows, nameA, nameB), [rows, nameA, nameB]);
  const markup = useMemo(
    () =>
      diffToHtml(diff.text, {
        drawFileList: false,
        outputFormat: 'line-by-line',
        matching: 'lines',
        diffStyle: 'char',
        colorScheme: ColorSchemeType.DARK,
      }),
    [diff.text],
  );

  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    // React keeps the diff2html markup across renders with the same string: undo the previous highlight first.
    root.querySelectorAll('.culprit-fix-row').forEach((row) => row.remove());
    root.querySelectorAll<HTMLTableRowElement>('tr.culprit-row').forEach((row) => {
      row.classList.remove('culprit-row');
      delete row.dataset.testid;
      delete row.dataset.field;
    });
    if (!culprit) return;
    const lit = culpritLines(diff, culprit.field);
    let last: HTMLTableRowElement | null = null;
    root.querySelectorAll<HTMLTableRowElement>('tr').forEach((tr) => {
      const a = lineNumber(tr, 'line-num1');
      const b = lineNumber(tr, 'line-num2');
      const field = lit.a.has(a) ? diff.fieldOfLineA[a - 1] : lit.b.has(b) ? diff.fieldOfLineB[b - 1] : null;
      if (field) {
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
    return (
      <p className="dim" data-testid="param-diff-empty">
        No parameter diff: at least one image has no generation parameters.
      </p>
    );
  }
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: diff2html escapes every line it draws (e2e/web/xss.spec.ts)
    <div ref={ref} className="param-diff" data-testid="param-diff" dangerouslySetInnerHTML={{ __html: markup }} />
  );
}

// The count above the grid: the real number of matches once `library.count` answers (at 1M rows a cold count
// takes a moment; until then it says how many rows are loaded and that it is counting, never a guess).
import type { ResultWindow } from './useResultWindow';

const number = new Intl.NumberFormat('en-US');

export function ResultCount({ search }: { search: ResultWindow }) {
  const { counted, countError, loadedCount, loading, total } = search;
  const more = counted === null && total > loadedCount;
  let label: string;
  if (counted !== null) label = `${number.format(counted)} ${counted === 1 ? 'image' : 'images'}`;
  else if (loading) label = 'searching…';
  else if (countError) label = `${number.format(loadedCount)}${more ? '+' : ''} images`;
  else label = `${number.format(loadedCount)} loaded, counting…`;
  return (
    <span
      className="count"
      data-testid="result-count"
      data-count={counted ?? loadedCount}
      data-counted={counted !== null}
      data-more={more}
      title={countError ? `The count is not available: ${countError.message}` : undefined}
    >
      {label}
    </span>
  );
}

// Date helpers for the timeline's filters; the words themselves come from shared/timeline.ts, as the CLI's do.
export { changeWords, formatStamp as stamp, sessionLabel } from '../../shared/timeline';

/** An epoch-ms bound as the value of an <input type="date">; `until` bounds are exclusive (the next midnight). */
export function dateInputValue(ms: number | undefined, exclusiveEnd = false): string {
  if (ms === undefined) return '';
  const d = new Date(ms - (exclusiveEnd ? 86_400_000 : 0));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

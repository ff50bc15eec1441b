// A share as a percentage with two decimals that never claims more than it measured: 99.9998% is not "100.00%"
// (every pixel changed) and 0.00004% is not "0.00%" (no pixel changed). Only exactly 0 and 1 print as 0% / 100%.
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  if (ratio <= 0) return '0%';
  if (ratio >= 1) return '100%';
  const text = (ratio * 100).toFixed(2);
  if (text === '0.00') return '<0.01%';
  if (text === '100.00') return '>99.99%';
  return `${text}%`;
}

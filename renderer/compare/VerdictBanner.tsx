// The verdict, its reason with the numbers, and the thresholds it was judged by.
import type { CompareResult } from '../../shared/compare';
import { formatPercent } from '../components/format-percent';

const TITLE: Record<CompareResult['verdict'], string> = {
  'bit-identical': 'Bit-identical',
  'visually-identical': 'Visually identical',
  similar: 'Similar',
  different: 'Different',
};

const pct = formatPercent;

export function VerdictBanner({ result }: { result: CompareResult }) {
  const p = result.pixel;
  const t = result.thresholds;
  return (
    <div className={`verdict ${result.verdict}`} role="status" data-testid="verdict" data-verdict={result.verdict}>
      <strong>{TITLE[result.verdict]}</strong>
      <span data-testid="verdict-reason">{result.verdictReason}</span>
      <span className="stats">
        changed {p.changedPixels.toLocaleString()} px ({pct(p.changedRatio)}) · max Δ {p.maxDelta} · mean Δ{' '}
        {p.meanDelta.toFixed(2)} · SSIM {p.ssim.toFixed(4)} (min {p.ssimMin.toFixed(3)}) · PSNR{' '}
        {p.psnr === null ? '∞' : `${p.psnr.toFixed(1)} dB`} · pHash Δ {p.perceptualDistance}/64
        {p.alphaOnlyChangedPixels > 0 && ` · ${p.alphaOnlyChangedPixels.toLocaleString()} px differ in alpha only`}
      </span>
      <span className="stats" title="The thresholds this verdict was judged by">
        thresholds: visually identical = SSIM ≥ {t.visuallyIdenticalMinSsim} and max Δ ≤ {t.visuallyIdenticalMaxDelta}
        {'; '}
        similar = pHash ≤ {t.similarMaxHashBits} bits or SSIM ≥ {t.similarMinSsim}
      </span>
    </div>
  );
}

// The heatmap's legend: which colour means which per-pixel difference (largest channel |A−B|, log scale).
import type { HeatmapInfo } from '../../shared/compare';

export function HeatmapLegend({ heatmap }: { heatmap: HeatmapInfo }) {
  return (
    <div className="legend" data-testid="heatmap-legend" title={`${heatmap.measure}, ${heatmap.mapping} scale (${heatmap.colourScale})`}>
      <span className="legend-bar" aria-hidden="true">
        <span style={{ background: heatmap.zero }} />
        {heatmap.stops.map((s) => (
          <span key={s.delta} style={{ background: s.colour }} title={`Δ ${s.delta}`} />
        ))}
      </span>
      <span>
        0 = same · Δ {heatmap.minDelta} … {heatmap.maxDelta} ({heatmap.mapping})
      </span>
    </div>
  );
}

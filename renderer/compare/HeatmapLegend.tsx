// The heatmap's legend: which colour means which per-pixel difference (largest channel |A−B|, log scale).
import type { HeatmapInfo } from '../../shared/compare';

const COLOUR = /^#[0-9a-f]{6}$/i;

interface Props {
  heatmap: HeatmapInfo;
  /** From the pixel statistics: 0 means the pair is identical, and the colour range would only mislead. */
  changedPixels?: number;
}

export function HeatmapLegend({ heatmap, changedPixels }: Props) {
  if (changedPixels === 0) {
    return (
      <div className="legend" data-testid="heatmap-legend" data-identical="true">
        <span className="legend-zero" style={COLOUR.test(heatmap.zero) ? { background: heatmap.zero } : undefined} />
        <span>identical pixels: no pixel differs, the heatmap has nothing to colour</span>
      </div>
    );
  }
  // `zero` is a colour, or a sentence when unchanged pixels are drawn from the image itself (dimmed grey).
  const zeroIsColour = COLOUR.test(heatmap.zero);
  return (
    <div
      className="legend"
      data-testid="heatmap-legend"
      title={`${heatmap.measure}, ${heatmap.mapping} scale (${heatmap.colourScale})`}
    >
      <span
        className="legend-zero"
        style={zeroIsColour ? { background: heatmap.zero } : undefined}
        title={zeroIsColour ? 'unchanged' : heatmap.zero}
      />
      <span>same</span>
      <span className="legend-bar" aria-hidden="true">
        {heatmap.stops.map((s) => (
          <span
            key={s.delta}
            style={{ background: COLOUR.test(s.colour) ? s.colour : undefined }}
            title={`Δ ${s.delta}`}
          />
        ))}
      </span>
      <span>
        Δ {heatmap.minDelta} … {heatmap.maxDelta} <span className="dim">({heatmap.mapping})</span>
      </span>
      {!zeroIsColour && <span className="sr-only">{heatmap.zero}</span>}
    </div>
  );
}

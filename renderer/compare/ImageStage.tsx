// The compare stage: two images under one zoom/pan transform, shown side by side, as a wipe, or as an A/B
// flicker, with the pixel-diff heatmap as an optional overlay.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent, ReactNode } from 'react';
import { cssTransform, fitTransform, panBy, zoomAt, type ViewTransform } from './view-transform';

export type StageMode = 'side' | 'wipe' | 'flicker';

export interface StageImage {
  url: string;
  label: string;
  width: number;
  height: number;
}

interface Props {
  a: StageImage;
  b: StageImage;
  heatmapUrl: string | null;
  mode: StageMode;
  showHeatmap: boolean;
  heatmapOpacity: number;
  wipe: number;
  onWipe: (value: number) => void;
  /** Bumped by the parent to fit both images to the pane again (the 0 key). */
  fitSignal: number;
  /** The heatmap is drawn at the measured size (the larger side's, when one was resized). */
  heatmapSize: { width: number; height: number } | null;
}

const FLICKER_MS = 500;

export function ImageStage({
  a,
  b,
  heatmapUrl,
  mode,
  showHeatmap,
  heatmapOpacity,
  wipe,
  onWipe,
  fitSignal,
  heatmapSize,
}: Props) {
  const [view, setView] = useState<ViewTransform | null>(null);
  const [flickerB, setFlickerB] = useState(false);
  const paneRef = useRef<HTMLDivElement | null>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);

  const fit = useCallback(() => {
    const pane = paneRef.current;
    if (!pane) return;
    const w = heatmapSize?.width ?? Math.max(a.width, b.width);
    const h = heatmapSize?.height ?? Math.max(a.height, b.height);
    setView(fitTransform(w, h, pane.clientWidth, pane.clientHeight));
  }, [a.width, a.height, b.width, b.height, heatmapSize?.width, heatmapSize?.height]);

  useEffect(() => {
    fit();
  }, [fit, mode, fitSignal]);

  useEffect(() => {
    if (mode !== 'flicker') return;
    const timer = window.setInterval(() => setFlickerB((v) => !v), FLICKER_MS);
    return () => window.clearInterval(timer);
  }, [mode]);

  // Wheel listeners must be non-passive to stop the page from scrolling while zooming.
  const attachWheel = useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    el.onwheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * 0.0015);
      setView((v) => (v ? zoomAt(v, factor, e.clientX - r.left, e.clientY - r.top) : v));
    };
  }, []);

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    drag.current = { x: e.clientX, y: e.clientY };
    setView((v) => (v ? panBy(v, e.clientX - start.x, e.clientY - start.y) : v));
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const transform = view ? cssTransform(view) : undefined;
  // Zoomed in, show pixels as squares (that is what is being compared); zoomed out, smooth the downscale.
  const imageRendering = view && view.scale >= 2 ? 'pixelated' : 'auto';
  // Every layer is drawn at the size the pixels were measured at, so A, B and the heatmap stay registered
  // (when the sizes differ the backend resized one side; the note says which).
  const common = heatmapSize ?? { width: Math.max(a.width, b.width), height: Math.max(a.height, b.height) };
  const layer = (img: StageImage, testId: string) => (
    <img
      className="stage-layer"
      src={img.url}
      alt={img.label}
      data-testid={testId}
      draggable={false}
      width={common.width}
      height={common.height}
      style={{ transform, imageRendering }}
    />
  );
  const heat =
    showHeatmap && heatmapUrl ? (
      <img
        className="stage-layer stage-heatmap"
        src={heatmapUrl}
        alt="pixel difference heatmap"
        data-testid="heatmap-overlay"
        draggable={false}
        width={common.width}
        height={common.height}
        style={{ transform, imageRendering, opacity: heatmapOpacity }}
      />
    ) : null;

  const pane = (children: ReactNode, caption: string, key: string, ref?: (el: HTMLDivElement | null) => void) => (
    <div
      key={key}
      className="stage-pane"
      ref={(el) => {
        attachWheel(el);
        ref?.(el);
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onDoubleClick={fit}
    >
      {children}
      <span className="stage-caption">{caption}</span>
    </div>
  );

  const setPane = (el: HTMLDivElement | null) => {
    paneRef.current = el;
  };

  return (
    <div className={`stage stage-${mode}`} data-testid="compare-stage" data-mode={mode}>
      {mode === 'side' && (
        <>
          {/* The heatmap marks where B departs from A: it overlays B's pane only, so A stays visible as the reference. */}
          {pane(layer(a, 'stage-a'), `A · ${a.label}`, 'a', setPane)}
          {pane(
            <>
              {layer(b, 'stage-b')}
              {heat}
            </>,
            `B · ${b.label}${heat ? ' · heatmap' : ''}`,
            'b',
          )}
        </>
      )}
      {mode === 'wipe' &&
        pane(
          <>
            {layer(a, 'stage-a')}
            {/* Clip in pane coordinates, not the image's, so the wipe line stays put while zooming. */}
            <div className="stage-clip" style={{ clipPath: `inset(0 0 0 ${wipe}%)` }}>
              {layer(b, 'stage-b')}
              {heat}
            </div>
            <div className="wipe-line" style={{ left: `${wipe}%` }} />
          </>,
          `A ◀ ${wipe}% ▶ B`,
          'wipe',
          setPane,
        )}
      {mode === 'flicker' &&
        pane(
          <>
            {flickerB ? layer(b, 'stage-b') : layer(a, 'stage-a')}
            {heat}
          </>,
          flickerB ? `B · ${b.label}` : `A · ${a.label}`,
          'flicker',
          setPane,
        )}
      {mode === 'wipe' && (
        <input
          className="wipe-slider"
          type="range"
          min={0}
          max={100}
          value={wipe}
          aria-label="Wipe position between A and B"
          data-testid="wipe-slider"
          onChange={(e) => onWipe(Number(e.target.value))}
        />
      )}
    </div>
  );
}

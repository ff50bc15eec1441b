// Synchronized zoom and pan: one transform shared by every pane of the compare stage.

export interface ViewTransform {
  scale: number;
  x: number;
  y: number;
}

export const IDENTITY: ViewTransform = { scale: 1, x: 0, y: 0 };
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 32;

/** Zoom by `factor` keeping the point (px, py) in pane coordinates fixed under the cursor. */
export function zoomAt(t: ViewTransform, factor: number, px: number, py: number): ViewTransform {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, t.scale * factor));
  const k = scale / t.scale;
  return { scale, x: px - (px - t.x) * k, y: py - (py - t.y) * k };
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { scale: t.scale, x: t.x + dx, y: t.y + dy };
}

/** The transform that fits an image of w×h into a pane of pw×ph, centred. */
export function fitTransform(w: number, h: number, pw: number, ph: number): ViewTransform {
  if (w <= 0 || h <= 0 || pw <= 0 || ph <= 0) return IDENTITY;
  const scale = Math.min(pw / w, ph / h);
  return { scale, x: (pw - w * scale) / 2, y: (ph - h * scale) / 2 };
}

export function cssTransform(t: ViewTransform): string {
  return `translate(${t.x}px, ${t.y}px) scale(${t.scale})`;
}

// When the metadata itself says the image was made. Most tools write no date (the file's time is all there is);
// Civitai's generator writes "Created Date: 2024-09-11T10:05:18.1716636Z" in its A1111-style text, and a few tools
// write a date field that lands in the tuple's extras. Only full ISO dates with a time are trusted: a bare year or
// a local-format date cannot be placed on one timeline with file times.
import type { GenerationTuple } from '../../shared/tuple';

const DATE_KEYS = ['Created Date', 'created_at', 'createdAt', 'Creation Time', 'date'];
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function recordedGenerationTime(tuple: GenerationTuple | null): number | null {
  if (!tuple) return null;
  for (const key of DATE_KEYS) {
    const text = tuple.extras[key]?.trim();
    if (!text || !ISO_DATE_TIME.test(text)) continue;
    // Date.parse keeps milliseconds only; .1716636 has more digits than it reads reliably on every engine.
    const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
    if (Number.isFinite(ms) && ms > 0) return ms;
  }
  return null;
}

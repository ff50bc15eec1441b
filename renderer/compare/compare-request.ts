// What Library and History hand to Compare. It lives here, not in App.tsx, so the views that build a request do
// not import the shell that imports them.
import type { ImageRef } from '../../shared/contract';

/** One side of a requested comparison, with what to call it before the backend answers. */
export interface CompareSide {
  ref: ImageRef;
  label: string;
}

/** Files dropped outside Compare's drop zones, handed to Compare. */
export interface DroppedFiles {
  files: File[];
  nonce: number;
}

export interface CompareRequest {
  a: CompareSide;
  b: CompareSide;
  /** Changes on every request so asking twice for the same pair still re-runs. */
  nonce: number;
}

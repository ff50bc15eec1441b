import type { RunRecord } from './run-record';
import type { C2paSummary, GenerationTuple, GeneratorId, ImageFormat, RawMetadataEntry } from './tuple';

/** Hashes of the decoded pixels: stripping or editing metadata does not change them. */
export interface PixelSummary {
  width: number;
  height: number;
  /** SHA-256 of the decoded RGBA pixels (8 bits per channel, alpha 255 where the file has none). */
  sha256: string;
  /** SHA-256 of the RGB bytes only: stable when a tool adds or rewrites alpha (Forge stealth writes alpha LSBs). */
  rgbSha256: string;
}

/** What `seedscope show --json` prints for one file, and what the library stores per image. */
export interface ImageReport {
  file: string;
  format: ImageFormat;
  generator: GeneratorId | null;
  tuple: GenerationTuple | null;
  pixels: PixelSummary | null;
  c2pa: C2paSummary | null;
  raw: RawMetadataEntry[];
  warnings: string[];
  /** The run record found beside the image or attached to it (electron/images/run-records/run-record-files.ts); absent
   *  where a report was built without looking (uploads). */
  runRecord?: RunRecord | null;
}

// The dispatcher: bytes -> container sources -> the first generator reader (readers/index.ts, priority order)
// that recognises them. Never throws: a reader that fails on hostile data becomes a warning and the next one is
// asked. The raw text items are always returned, so nothing in the file is lost even when no reader matched.
import type { RawMetadataEntry } from '../../shared/tuple';
import type { DecodedImage } from '../pixels/decode';
import { readC2paSummary } from './c2pa/manifest-store';
import { readContainers } from './containers/read-containers';
import { readers } from './readers/index';
import { sha256Utf8 } from './tuple-builder';
import type { GeneratorReader, MetadataReport, MetadataSources, ReaderResult } from './types';

export interface ReadMetadataOptions {
  /** The file's name: the format always comes from the bytes, and a name that says otherwise is noted. */
  fileName?: string;
  /** Decoded pixels, when the caller decoded anyway: stealth LSB data is read from them. */
  decoded?: DecodedImage | null;
  /** The `.txt` sidecar's text (A1111 opts.save_txt), when the caller found one. */
  sidecarText?: string | null;
}

export function readMetadata(bytes: Buffer, opts: ReadMetadataOptions = {}): MetadataReport {
  const sources = readContainers(bytes, { decoded: opts.decoded, sidecarText: opts.sidecarText });
  const mismatch = opts.fileName ? extensionMismatch(opts.fileName, sources.format) : null;
  if (mismatch) sources.warnings.push(mismatch);
  return reportFromSources(sources);
}

const EXTENSIONS: Record<string, string[]> = {
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  webp: ['webp'],
  avif: ['avif'],
  gif: ['gif'],
  tiff: ['tif', 'tiff'],
};

/** The corpus has PNGs named `.jpeg` (Dataset-Tools, Image-MetaHub fixtures): worth knowing, never an error. */
function extensionMismatch(fileName: string, format: string): string | null {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > fileName.lastIndexOf('/') ? fileName.slice(dot + 1).toLowerCase() : '';
  const claimed = Object.keys(EXTENSIONS).find((f) => EXTENSIONS[f].includes(ext));
  if (!claimed || format === 'unknown' || claimed === format) return null;
  return `named .${ext} but the bytes are ${format.toUpperCase()}; read as ${format.toUpperCase()}`;
}

/** Runs the readers over sources already read (tests and M2's readers use it with crafted sources). */
export function reportFromSources(
  sources: MetadataSources,
  readerList: readonly GeneratorReader[] = readers,
): MetadataReport {
  const warnings = [...sources.warnings];
  let result: ReaderResult | null = null;
  for (const reader of readerList) {
    try {
      result = reader.read(sources);
    } catch (err) {
      warnings.push(
        `the ${reader.id} reader failed on this file (${err instanceof Error ? err.message : String(err)}); tried the next reader`,
      );
      result = null;
    }
    if (result) break;
  }
  let c2pa = null;
  if (sources.c2paJumbf) {
    try {
      const read = readC2paSummary(sources.c2paJumbf);
      c2pa = read.summary;
      warnings.push(...read.warnings);
    } catch (err) {
      warnings.push(`C2PA manifest could not be read (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (result) {
    warnings.push(...result.warnings);
    result.tuple.promptSha256 = sha256Utf8(result.tuple.prompt);
    result.tuple.negativePromptSha256 = sha256Utf8(result.tuple.negativePrompt);
  }
  return {
    format: sources.format,
    generator: result ? result.generator : null,
    tuple: result ? result.tuple : null,
    c2pa,
    raw: rawEntries(sources),
    warnings: [...new Set(warnings)],
  };
}

function rawEntries(sources: MetadataSources): RawMetadataEntry[] {
  const raw: RawMetadataEntry[] = sources.texts.map((item) =>
    item.truncated
      ? { source: item.source, text: item.text, truncated: true }
      : { source: item.source, text: item.text },
  );
  if (sources.xmp !== null) raw.push({ source: 'xmp', text: sources.xmp });
  if (sources.stealth) raw.push({ source: sources.stealth.source, text: sources.stealth.text });
  return raw;
}

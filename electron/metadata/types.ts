// The seam between the container layer (bytes -> text items) and the generator readers (text items -> tuple).
// Containers know PNG/JPEG/WebP/EXIF/XMP/C2PA byte layouts and nothing about generators; readers know one
// generator's keys and nothing about byte layouts.
import type { C2paSummary, GenerationTuple, GeneratorId, ImageFormat, RawMetadataEntry } from '../../shared/tuple';

/** One text item found in the file: a PNG text chunk, an EXIF string, an XMP property, a JPEG comment, stealth data. */
export interface TextItem {
  /** Where it sits, e.g. `png:tEXt:parameters`, `png:iTXt:Description`, `exif:UserComment`, `exif:Model`, `jpeg:COM`. */
  source: string;
  /** PNG keyword, EXIF tag name (`UserComment`, `Make`, `Model`, `ImageDescription`, `Software`, `Artist`), or `comment`. */
  key: string;
  text: string;
  truncated?: boolean;
}

export interface MetadataSources {
  format: ImageFormat;
  texts: TextItem[];
  /** The raw XMP packet (RDF/XML), if any. */
  xmp: string | null;
  /** C2PA JUMBF manifest store bytes (PNG caBX, JPEG APP11 reassembled), if any. */
  c2paJumbf: Uint8Array | null;
  /** Payload recovered from pixel LSBs (NovelAI / Forge / A1111 stealth), filled only after a decode. */
  stealth: { source: string; text: string } | null;
  /** Problems met while reading containers (truncated chunk, bad CRC, bomb refused); named for the person. */
  warnings: string[];
}

export interface ReaderResult {
  generator: GeneratorId;
  tuple: GenerationTuple;
  warnings: string[];
}

/** One generator's reader. Return null when the sources are not this generator's. Must never throw on bad data. */
export interface GeneratorReader {
  id: string;
  read(sources: MetadataSources): ReaderResult | null;
}

export interface MetadataReport {
  format: ImageFormat;
  generator: GeneratorId | null;
  tuple: GenerationTuple | null;
  c2pa: C2paSummary | null;
  raw: RawMetadataEntry[];
  warnings: string[];
}

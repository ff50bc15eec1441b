// Bytes -> MetadataSources: picks the container walker by magic bytes. Never throws: a walker bug on a hostile
// file becomes a warning naming the problem, and whatever was read before it is kept.
import type { DecodedImage } from '../../pixels/decode';
import type { MetadataSources } from '../types';
import { sniffFormat } from '../sniff-format';
import { readAvifItems } from './avif-items';
import { CollectedSources } from './collected-sources';
import { readExifBlock } from './exif-ifd';
import { readGifComments } from './gif-blocks';
import { readJpegSegments } from './jpeg-segments';
import { readPngChunks } from './png-chunks';
import { readStealth } from './stealth';
import { readWebpChunks } from './webp-chunks';

export interface ContainerOptions {
  /** The decoded pixels, when the caller decoded anyway: stealth LSB data is read from them. */
  decoded?: DecodedImage | null;
  /** Text of a `.txt` sidecar next to the image (A1111 `opts.save_txt`). */
  sidecarText?: string | null;
}

export function readContainers(bytes: Buffer, opts: ContainerOptions = {}): MetadataSources {
  const format = sniffFormat(bytes);
  const into = new CollectedSources(format);
  try {
    if (format === 'png') readPngChunks(bytes, into);
    else if (format === 'jpeg') readJpegSegments(bytes, into);
    else if (format === 'webp') readWebpChunks(bytes, into);
    else if (format === 'gif') readGifComments(bytes, into);
    else if (format === 'tiff') readExifBlock(bytes, into, 'TIFF');
    else if (format === 'avif') readAvifItems(bytes, into);
    else if (format === 'unknown')
      into.warn('not a recognised image format (PNG, JPEG, WebP, AVIF, GIF or TIFF by its first bytes)');
  } catch (err) {
    into.warn(
      `${format.toUpperCase()} metadata could not be read completely (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (opts.sidecarText != null && opts.sidecarText.trim() !== '') {
    const { bytes: kept, truncated } = into.capText(Buffer.from(opts.sidecarText, 'utf8'), '.txt sidecar');
    into.addText(
      'sidecar:txt',
      'parameters',
      truncated ? Buffer.from(kept).toString('utf8') : opts.sidecarText,
      truncated,
    );
  }
  const sources = into.toSources();
  if (opts.decoded) {
    try {
      sources.stealth = readStealth(opts.decoded, into);
    } catch (err) {
      into.warn(`stealth data could not be read (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return sources;
}

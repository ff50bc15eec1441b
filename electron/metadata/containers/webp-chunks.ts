// WebP RIFF chunks: EXIF (TIFF, sometimes with an `Exif\0\0` prefix as in camera files) and `XMP `.
import { decodeUtf8OrLatin1 } from '../text-decoding';
import type { CollectedSources } from './collected-sources';
import { readExifBlock } from './exif-ifd';

export function readWebpChunks(bytes: Buffer, into: CollectedSources): void {
  const riffEnd = Math.min(bytes.length, 8 + bytes.readUInt32LE(4));
  let pos = 12;
  while (pos + 8 <= riffEnd) {
    const type = bytes.toString('latin1', pos, pos + 4);
    const length = bytes.readUInt32LE(pos + 4);
    const start = pos + 8;
    if (start + length > bytes.length) {
      into.warn(
        `WebP is truncated: chunk "${type.replace(/[^\x20-\x7e]/g, '?')}" at byte ${pos} declares ${length} bytes past the end of the file`,
      );
      return;
    }
    const data = bytes.subarray(start, start + length);
    if (type === 'EXIF') readExifBlock(data, into, 'WebP EXIF chunk');
    else if (type === 'XMP ' && into.xmp === null)
      into.xmp = decodeUtf8OrLatin1(into.capText(data, 'WebP XMP chunk').bytes);
    pos = start + length + (length % 2);
  }
}

// JPEG marker segments up to the first scan: APP1 Exif, APP1 XMP, COM, and APP11 JUMBF (C2PA), which is split
// across segments and re-assembled by box instance and sequence number (Firefly writes 2, Photoshop 6).
import { decodeUtf8OrLatin1 } from '../text-decoding';
import type { CollectedSources } from './collected-sources';
import { readExifBlock } from './exif-ifd';
import { MAX_C2PA_BYTES } from './limits';

const XMP_SIGNATURE = 'http://ns.adobe.com/xap/1.0/\0';

interface JumbfPart {
  instance: number;
  sequence: number;
  /** The segment's box bytes after the CI/En/Z header. */
  box: Uint8Array;
}

export function readJpegSegments(bytes: Buffer, into: CollectedSources): void {
  let pos = 2;
  let sawExif = false;
  const jumbf: JumbfPart[] = [];
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) {
      into.warn(`JPEG is damaged: expected a marker at byte ${pos}; stopped reading segments`);
      break;
    }
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end of image: no metadata after this
    const length = bytes.readUInt16BE(pos + 2);
    if (length < 2 || pos + 2 + length > bytes.length) {
      into.warn(
        `JPEG is truncated: segment 0x${marker.toString(16)} at byte ${pos} declares ${length} bytes past the end of the file`,
      );
      break;
    }
    const body = bytes.subarray(pos + 4, pos + 2 + length);
    if (marker === 0xe1) {
      if (!sawExif && startsWithText(body, 'Exif\0')) {
        sawExif = true;
        readExifBlock(body.subarray(6), into, 'JPEG APP1 Exif');
      } else if (startsWithText(body, XMP_SIGNATURE) && into.xmp === null) {
        into.xmp = decodeUtf8OrLatin1(body.subarray(XMP_SIGNATURE.length));
      }
    } else if (marker === 0xfe) {
      const { bytes: text, truncated } = into.capText(body, 'JPEG comment');
      into.addText('jpeg:COM', 'comment', decodeUtf8OrLatin1(text).replace(/\0+$/, ''), truncated);
    } else if (marker === 0xeb && body.length >= 8 && body[0] === 0x4a && body[1] === 0x50) {
      jumbf.push({ instance: body.readUInt16BE(2), sequence: body.readUInt32BE(4), box: body.subarray(8) });
    }
    pos += 2 + length;
  }
  if (jumbf.length) assembleJumbf(jumbf, into);
}

function startsWithText(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * JPEG XT (ISO 18477-3): every APP11 segment of one box repeats the box header (LBox, TBox, and XLBox when
 * LBox = 1); the first segment keeps it, later segments contribute only what follows it.
 */
function assembleJumbf(parts: JumbfPart[], into: CollectedSources): void {
  const instance = parts[0].instance;
  const own = parts.filter((p) => p.instance === instance).sort((a, b) => a.sequence - b.sequence);
  const chunks: Uint8Array[] = [];
  let total = 0;
  own.forEach((part, i) => {
    let piece = part.box;
    if (i > 0) {
      const headerLength =
        piece.length >= 4 && new DataView(piece.buffer, piece.byteOffset, 4).getUint32(0) === 1 ? 16 : 8;
      piece = piece.subarray(Math.min(headerLength, piece.length));
    }
    total += piece.length;
    chunks.push(piece);
  });
  if (total > MAX_C2PA_BYTES) {
    into.warn(`JPEG C2PA manifest of ${total} bytes is larger than ${MAX_C2PA_BYTES}; ignored`);
    return;
  }
  const missing = own.some((part, i) => part.sequence !== own[0].sequence + i);
  if (missing) into.warn('JPEG C2PA manifest segments are not contiguous (a segment is missing); kept what was found');
  into.c2paJumbf = Uint8Array.from(Buffer.concat(chunks));
}

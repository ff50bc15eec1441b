// EXIF UserComment (0x9286): an 8-byte charset prefix, then the payload. The writers disagree about byte order
// (metadata-formats.md §1.1): A1111 writes UTF-16BE in an MM file, SwarmUI UTF-16LE in an II file, Civitai
// UTF-16BE in an II file. So the order is sniffed from the first code unit and the TIFF order is only a fallback.
import { decodeUtf8OrLatin1 } from '../text-decoding';

const UNICODE = 'UNICODE\0';
const ASCII = 'ASCII\0\0\0';
const JIS = 'JIS\0\0\0\0\0';
const UNDEFINED = '\0\0\0\0\0\0\0\0';

export function decodeUserComment(bytes: Uint8Array, tiffLittleEndian: boolean): string {
  const prefix = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(8, bytes.length)).toString('latin1');
  if (prefix === UNICODE) return trimNuls(decodeUtf16(bytes.subarray(8), tiffLittleEndian));
  // NovelAI's WebP says ASCII but holds UTF-8; JIS is decoded the same way, having never been seen in the wild.
  if (prefix === ASCII || prefix === JIS || prefix === UNDEFINED)
    return trimNuls(decodeUtf8OrLatin1(bytes.subarray(8)));
  // No prefix: Fooocus (Pillow) writes plain ASCII, a ComfyUI TIPO saver writes raw UTF-8 JSON.
  return trimNuls(decodeUtf8OrLatin1(bytes));
}

function decodeUtf16(payload: Uint8Array, tiffLittleEndian: boolean): string {
  let littleEndian = tiffLittleEndian;
  if (payload.length >= 2) {
    if (payload[0] !== 0 && payload[1] === 0) littleEndian = true;
    else if (payload[0] === 0 && payload[1] !== 0) littleEndian = false;
  }
  const even = payload.length - (payload.length % 2);
  const units = Buffer.from(payload.subarray(0, even));
  if (!littleEndian) units.swap16();
  return units.toString('utf16le');
}

function trimNuls(text: string): string {
  return text.replace(/\0+$/, '');
}

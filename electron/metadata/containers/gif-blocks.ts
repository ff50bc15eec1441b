// GIF comment extensions: A1111 saves its infotext in the GIF comment (forge:modules/images.py:568-624).
import { decodeUtf8OrLatin1 } from '../text-decoding';
import type { CollectedSources } from './collected-sources';
import { MAX_TEXT_BYTES } from './limits';

export function readGifComments(bytes: Buffer, into: CollectedSources): void {
  if (bytes.length < 13) {
    into.warn('GIF is truncated: no logical screen descriptor');
    return;
  }
  let pos = 13;
  const flags = bytes[10];
  if (flags & 0x80) pos += 3 * (1 << ((flags & 0x07) + 1));
  while (pos < bytes.length) {
    const block = bytes[pos];
    if (block === 0x3b) return; // trailer
    if (block === 0x21) {
      const label = bytes[pos + 1];
      const sub = readSubBlocks(bytes, pos + 2, label === 0xfe);
      if (sub === null) break;
      if (label === 0xfe) into.addText('gif:comment', 'comment', decodeUtf8OrLatin1(sub.data), sub.truncated);
      pos = sub.end;
    } else if (block === 0x2c) {
      if (pos + 10 > bytes.length) break;
      const imageFlags = bytes[pos + 9];
      pos += 10;
      if (imageFlags & 0x80) pos += 3 * (1 << ((imageFlags & 0x07) + 1));
      pos++; // LZW minimum code size
      const sub = readSubBlocks(bytes, pos, false);
      if (sub === null) break;
      pos = sub.end;
    } else {
      into.warn(`GIF is damaged: unknown block 0x${block.toString(16)} at byte ${pos}`);
      return;
    }
  }
  into.warn('GIF is truncated: no trailer');
}

function readSubBlocks(
  bytes: Buffer,
  start: number,
  keep: boolean,
): { data: Buffer; end: number; truncated: boolean } | null {
  const parts: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  let pos = start;
  while (pos < bytes.length) {
    const size = bytes[pos];
    if (size === 0) return { data: Buffer.concat(parts), end: pos + 1, truncated };
    if (pos + 1 + size > bytes.length) return null;
    if (keep) {
      if (kept + size <= MAX_TEXT_BYTES) {
        parts.push(bytes.subarray(pos + 1, pos + 1 + size));
        kept += size;
      } else truncated = true;
    }
    pos += 1 + size;
  }
  return null;
}

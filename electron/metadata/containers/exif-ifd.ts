// A small TIFF/EXIF directory reader for the few tags generators use. Simpler and faster than a general EXIF
// library (0.002 ms vs 0.4 ms per file, performance-notes.md) and it cannot throw: every offset is checked
// against the bytes that exist, and a directory loop is cut by remembering visited offsets.
import { decodeUtf8OrLatin1 } from '../text-decoding';
import type { CollectedSources } from './collected-sources';
import { MAX_IFD_ENTRIES } from './limits';
import { decodeUserComment } from './user-comment';

const EXIF_IFD_POINTER = 0x8769;
const USER_COMMENT = 0x9286;
const MAKER_NOTE = 0x927c;

/** Tags exposed as text items, by their EXIF names (readers key on these). */
const TEXT_TAGS = new Map<number, string>([
  [0x010e, 'ImageDescription'],
  [0x010f, 'Make'],
  [0x0110, 'Model'],
  [0x0131, 'Software'],
  [0x013b, 'Artist'],
  [USER_COMMENT, 'UserComment'],
  // Fooocus writes its metadata scheme name ("fooocus" | "a1111") into MakerNote.
  [MAKER_NOTE, 'MakerNote'],
]);

const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

interface Tiff {
  bytes: Uint8Array;
  view: DataView;
  little: boolean;
}

/** Read a TIFF-structured EXIF block (starts with II*\0 / MM\0*); a leading `Exif\0\0` is skipped. */
export function readExifBlock(block: Uint8Array, into: CollectedSources, what: string): void {
  let bytes = block;
  if (bytes.length >= 6 && Buffer.from(bytes.buffer, bytes.byteOffset, 6).toString('latin1') === 'Exif\0\0')
    bytes = bytes.subarray(6);
  if (bytes.length < 8) {
    into.warn(`${what}: EXIF block too short (${bytes.length} bytes)`);
    return;
  }
  const order = String.fromCharCode(bytes[0], bytes[1]);
  if (order !== 'II' && order !== 'MM') {
    into.warn(`${what}: EXIF block has no TIFF header`);
    return;
  }
  const tiff: Tiff = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    little: order === 'II',
  };
  const found = new Map<string, { text: string; truncated: boolean }>();
  const visited = new Set<number>();
  const ifd0 = tiff.view.getUint32(4, tiff.little);
  const exifIfd = readDirectory(tiff, ifd0, found, visited, into, what);
  if (exifIfd !== null) readDirectory(tiff, exifIfd, found, visited, into, what);
  for (const [key, { text, truncated }] of found)
    if (text.length > 0) into.addText(`exif:${key}`, key, text, truncated);
}

/** Reads one IFD into `found`; returns the Exif sub-IFD offset when this directory points to one. */
function readDirectory(
  tiff: Tiff,
  offset: number,
  found: Map<string, { text: string; truncated: boolean }>,
  visited: Set<number>,
  into: CollectedSources,
  what: string,
): number | null {
  if (visited.has(offset)) return null;
  visited.add(offset);
  if (offset + 2 > tiff.bytes.length) {
    into.warn(`${what}: EXIF directory at ${offset} lies outside the ${tiff.bytes.length}-byte block (truncated EXIF)`);
    return null;
  }
  const declared = tiff.view.getUint16(offset, tiff.little);
  const count = Math.min(declared, MAX_IFD_ENTRIES, Math.floor((tiff.bytes.length - offset - 2) / 12));
  if (count < declared)
    into.warn(`${what}: EXIF directory declares ${declared} entries but only ${count} fit (truncated EXIF)`);
  let exifPointer: number | null = null;
  for (let i = 0; i < count; i++) {
    const entry = offset + 2 + i * 12;
    const tag = tiff.view.getUint16(entry, tiff.little);
    if (tag === EXIF_IFD_POINTER) {
      exifPointer = tiff.view.getUint32(entry + 8, tiff.little);
      continue;
    }
    const name = TEXT_TAGS.get(tag);
    if (!name || found.has(name)) continue;
    const whole = entryBytes(tiff, entry);
    if (!whole) {
      into.warn(`${what}: EXIF ${name} points outside the block (truncated EXIF); skipped`);
      continue;
    }
    const { bytes: value, truncated } = into.capText(whole, `${what}: EXIF ${name}`);
    // Cameras put binary blobs in MakerNote; only a short printable one (Fooocus's scheme name) is text.
    if (tag === MAKER_NOTE && !/^[\x20-\x7e]{1,64}\0*$/.test(Buffer.from(value).toString('latin1'))) continue;
    found.set(name, {
      text: tag === USER_COMMENT ? decodeUserComment(value, tiff.little) : decodeAsciiTag(value),
      truncated,
    });
  }
  return exifPointer;
}

function entryBytes(tiff: Tiff, entry: number): Uint8Array | null {
  const type = tiff.view.getUint16(entry + 2, tiff.little);
  const count = tiff.view.getUint32(entry + 4, tiff.little);
  const size = (TYPE_SIZES[type] ?? 1) * count;
  const start = size <= 4 ? entry + 8 : tiff.view.getUint32(entry + 8, tiff.little);
  if (start + size > tiff.bytes.length) return null;
  return tiff.bytes.subarray(start, start + size);
}

/** ASCII tags end in NUL; UTF-8 inside them is common (ComfyUI prompt JSON with non-ASCII text). */
function decodeAsciiTag(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return decodeUtf8OrLatin1(bytes.subarray(0, end));
}

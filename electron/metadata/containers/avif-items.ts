// AVIF (ISOBMFF / HEIF) metadata items: `Exif` items (a 4-byte offset to the TIFF header, then the TIFF block;
// A1111/Forge save AVIF with the infotext in UserComment) and `mime` items of type application/rdf+xml (XMP,
// written by ComfyUI AVIF savers). Items are found through `meta` → `iinf` (types) and `iloc` (byte ranges,
// in the file or in the `idat` box). Every offset is checked against the bytes that exist.
import { decodeUtf8OrLatin1 } from '../text-decoding';
import type { CollectedSources } from './collected-sources';
import { readExifBlock } from './exif-ifd';
import { MAX_TEXT_BYTES } from './limits';

interface Box {
  type: string;
  start: number; // payload start
  end: number;
}

interface Item {
  type: string;
  contentType: string | null;
}

interface Extent {
  offset: number;
  length: number;
}

/** Child boxes of [start, end); a box running past `end` is cut to it (and named in a warning by the caller). */
function boxes(bytes: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let pos = start;
  while (pos + 8 <= end && out.length < 10_000) {
    let size = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    let header = 8;
    if (size === 1) {
      if (pos + 16 > end) break;
      size = Number(bytes.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) size = end - pos;
    if (size < header) break;
    out.push({ type, start: pos + header, end: Math.min(pos + size, end) });
    pos += size;
  }
  return out;
}

function readCString(bytes: Buffer, pos: number, end: number): { text: string; next: number } {
  let stop = pos;
  while (stop < end && bytes[stop] !== 0) stop++;
  return { text: bytes.toString('utf8', pos, stop), next: stop + 1 };
}

function readItemInfos(bytes: Buffer, iinf: Box): Map<number, Item> {
  const items = new Map<number, Item>();
  const version = bytes[iinf.start];
  const first = iinf.start + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(bytes, first, iinf.end)) {
    if (infe.type !== 'infe' || infe.start + 4 > infe.end) continue;
    const v = bytes[infe.start];
    if (v < 2) continue; // versions 0/1 predate item types; AVIF writers use 2 or 3
    let pos = infe.start + 4;
    const id = v === 2 ? bytes.readUInt16BE(pos) : bytes.readUInt32BE(pos);
    pos += (v === 2 ? 2 : 4) + 2; // item_ID, item_protection_index
    if (pos + 4 > infe.end) continue;
    const type = bytes.toString('latin1', pos, pos + 4);
    const name = readCString(bytes, pos + 4, infe.end);
    const contentType = type === 'mime' ? readCString(bytes, name.next, infe.end).text : null;
    items.set(id, { type, contentType });
  }
  return items;
}

function readSized(bytes: Buffer, pos: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return bytes.readUInt32BE(pos);
  if (size === 8) return Number(bytes.readBigUInt64BE(pos));
  return size === 2 ? bytes.readUInt16BE(pos) : 0;
}

/** iloc: item id → extents and construction method (0 = file offsets, 1 = offsets into `idat`). */
function readItemLocations(bytes: Buffer, iloc: Box): Map<number, { method: number; extents: Extent[] }> {
  const out = new Map<number, { method: number; extents: Extent[] }>();
  const version = bytes[iloc.start];
  let pos = iloc.start + 4;
  const sizes = bytes.readUInt16BE(pos);
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 15;
  const baseSize = (sizes >> 4) & 15;
  const indexSize = version === 1 || version === 2 ? sizes & 15 : 0;
  pos += 2;
  const count = version < 2 ? bytes.readUInt16BE(pos) : bytes.readUInt32BE(pos);
  pos += version < 2 ? 2 : 4;
  for (let i = 0; i < count && pos < iloc.end; i++) {
    const id = version < 2 ? bytes.readUInt16BE(pos) : bytes.readUInt32BE(pos);
    pos += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) {
      method = bytes.readUInt16BE(pos) & 15;
      pos += 2;
    }
    pos += 2; // data_reference_index
    const base = readSized(bytes, pos, baseSize);
    pos += baseSize;
    const extentCount = bytes.readUInt16BE(pos);
    pos += 2;
    const extents: Extent[] = [];
    for (let e = 0; e < extentCount && pos < iloc.end; e++) {
      pos += indexSize;
      const offset = readSized(bytes, pos, offsetSize);
      pos += offsetSize;
      const length = readSized(bytes, pos, lengthSize);
      pos += lengthSize;
      extents.push({ offset: base + offset, length });
    }
    out.set(id, { method, extents });
  }
  return out;
}

function itemBytes(
  bytes: Buffer,
  location: { method: number; extents: Extent[] },
  idat: Box | undefined,
  into: CollectedSources,
  what: string,
): Buffer | null {
  const origin = location.method === 1 ? (idat?.start ?? -1) : 0;
  const limit = location.method === 1 ? (idat?.end ?? 0) : bytes.length;
  if (origin < 0 || location.method > 1) return null;
  const parts: Buffer[] = [];
  let total = 0;
  for (const { offset, length } of location.extents) {
    const start = origin + offset;
    const end = length === 0 ? limit : start + length;
    if (end > limit || start > end) {
      into.warn(`AVIF ${what} item lies outside the file (truncated AVIF); skipped`);
      return null;
    }
    total += end - start;
    if (total > MAX_TEXT_BYTES) {
      into.warn(`AVIF ${what} item is larger than ${MAX_TEXT_BYTES} bytes; skipped`);
      return null;
    }
    parts.push(bytes.subarray(start, end));
  }
  return Buffer.concat(parts);
}

export function readAvifItems(bytes: Buffer, into: CollectedSources): void {
  const meta = boxes(bytes, 0, bytes.length).find((b) => b.type === 'meta');
  if (!meta) return;
  const children = boxes(bytes, meta.start + 4, meta.end); // meta is a full box: skip version + flags
  const iinf = children.find((b) => b.type === 'iinf');
  const iloc = children.find((b) => b.type === 'iloc');
  const idat = children.find((b) => b.type === 'idat');
  if (!iinf || !iloc) return;
  const items = readItemInfos(bytes, iinf);
  const locations = readItemLocations(bytes, iloc);
  for (const [id, item] of items) {
    const location = locations.get(id);
    if (!location) continue;
    if (item.type === 'Exif') {
      const data = itemBytes(bytes, location, idat, into, 'Exif');
      if (!data || data.length < 4) continue;
      const tiffStart = 4 + data.readUInt32BE(0);
      if (tiffStart < data.length) readExifBlock(data.subarray(tiffStart), into, 'AVIF Exif item');
    } else if (item.type === 'mime' && /rdf\+xml|xmp/i.test(item.contentType ?? '') && into.xmp === null) {
      const data = itemBytes(bytes, location, idat, into, 'XMP');
      if (data) into.xmp = decodeUtf8OrLatin1(data);
    }
  }
}

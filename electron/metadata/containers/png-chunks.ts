// Our own PNG chunk walker: it reads text chunks anywhere (also after IDAT), eXIf, caBX and ComfyUI's private
// `comf` chunk, and never trusts a declared length (a 2^31−1 length in a 53-byte file allocates nothing here).
import { crc32 } from 'node:zlib';
import { decodeLatin1, decodeUtf8Lenient, decodeUtf8OrLatin1, indexOfNul } from '../text-decoding';
import type { CollectedSources } from './collected-sources';
import { readExifBlock } from './exif-ifd';
import { MAX_C2PA_BYTES, MAX_TEXT_CHUNKS } from './limits';

const TEXT_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'comf']);
const READ_CHUNKS = new Set([...TEXT_CHUNKS, 'eXIf', 'caBX']);

export function readPngChunks(bytes: Buffer, into: CollectedSources): void {
  let pos = 8;
  let textChunks = 0;
  let sawEnd = false;
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    const dataStart = pos + 8;
    if (length > 0x7fffffff) {
      into.warn(
        `PNG chunk "${printable(type)}" at byte ${pos} declares an invalid length ${length}; stopped reading chunks`,
      );
      return;
    }
    if (dataStart + length + 4 > bytes.length) {
      into.warn(
        `PNG is truncated: chunk "${printable(type)}" at byte ${pos} declares ${length} bytes but only ${bytes.length - dataStart} remain`,
      );
      return;
    }
    if (READ_CHUNKS.has(type)) {
      const data = bytes.subarray(dataStart, dataStart + length);
      const storedCrc = bytes.readUInt32BE(dataStart + length);
      if (crc32(bytes.subarray(pos + 4, dataStart + length)) !== storedCrc) {
        into.warn(`PNG chunk "${type}" at byte ${pos} has a bad CRC (the file may be damaged); read it anyway`);
      }
      if (TEXT_CHUNKS.has(type)) {
        textChunks++;
        if (textChunks === MAX_TEXT_CHUNKS + 1) {
          into.warn(`PNG has more than ${MAX_TEXT_CHUNKS} text chunks; the rest were skipped`);
        }
        if (textChunks <= MAX_TEXT_CHUNKS) readTextChunk(type, data, into);
      } else if (type === 'eXIf') {
        readExifBlock(data, into, 'PNG eXIf chunk');
      } else if (type === 'caBX' && into.c2paJumbf === null) {
        if (data.length > MAX_C2PA_BYTES)
          into.warn(`PNG caBX (C2PA) chunk of ${data.length} bytes is larger than ${MAX_C2PA_BYTES}; ignored`);
        else into.c2paJumbf = Uint8Array.from(data);
      }
    }
    pos = dataStart + length + 4;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) into.warn('PNG is truncated: no IEND chunk');
}

function printable(type: string): string {
  return type.replace(/[^\x20-\x7e]/g, '?');
}

function readTextChunk(type: string, data: Buffer, into: CollectedSources): void {
  const nul = indexOfNul(data, 0, Math.min(data.length, 80));
  if (nul <= 0) {
    into.warn(`PNG ${type} chunk has no valid keyword; skipped`);
    return;
  }
  const keyword = decodeLatin1(data.subarray(0, nul));
  const what = `PNG ${type} "${keyword}"`;
  if (type === 'tEXt' || type === 'comf') {
    const { bytes, truncated } = into.capText(data.subarray(nul + 1), what);
    addPngText(into, type, keyword, decodeUtf8OrLatin1(bytes), truncated);
    return;
  }
  if (type === 'zTXt') {
    const inflated = into.inflate(data.subarray(nul + 2), what);
    if (inflated) addPngText(into, type, keyword, decodeUtf8OrLatin1(inflated), false);
    return;
  }
  readInternationalText(keyword, data, nul, into);
}

/** iTXt: keyword\0 flag method language\0 translated-keyword\0 UTF-8 text (zlib when flag = 1). */
function readInternationalText(keyword: string, data: Buffer, nul: number, into: CollectedSources): void {
  const what = `PNG iTXt "${keyword}"`;
  const compressed = data[nul + 1] === 1;
  const langEnd = indexOfNul(data, nul + 3);
  const tkwEnd = langEnd < 0 ? -1 : indexOfNul(data, langEnd + 1);
  if (nul + 3 > data.length || tkwEnd < 0) {
    into.warn(`${what} is malformed (missing language or translated keyword); skipped`);
    return;
  }
  let body: Uint8Array = data.subarray(tkwEnd + 1);
  let truncated = false;
  if (compressed) {
    const inflated = into.inflate(body, what);
    if (!inflated) return;
    body = inflated;
  } else {
    ({ bytes: body, truncated } = into.capText(body, what));
  }
  const { text, invalid } = decodeUtf8Lenient(body);
  if (invalid) into.warn(`${what} is not valid UTF-8; invalid bytes were replaced`);
  addPngText(into, 'iTXt', keyword, text, truncated);
}

/** The XMP keyword goes to sources.xmp whatever the chunk kind (Midjourney writes it as tEXt, Draw Things as iTXt). */
function addPngText(into: CollectedSources, type: string, keyword: string, text: string, truncated: boolean): void {
  if (keyword === 'XML:com.adobe.xmp') {
    if (into.xmp === null) into.xmp = text;
    return;
  }
  into.addText(`png:${type}:${keyword}`, keyword, text, truncated);
}

// A small bounded CBOR (RFC 8949) decoder for C2PA assertions and claims. C2PA stores every assertion
// (c2pa.actions.v2, c2pa.ingredient.v3, c2pa.claim.v2) as CBOR inside JUMBF `cbor` boxes; we only need to read
// their maps and strings, never to re-encode, so the output is plain data. Hostile manifests are expected:
// lengths are checked against the bytes that exist, nesting and item counts are capped, and maps become `Map`s
// so keys such as `__proto__` stay data.

export type CborValue = null | undefined | boolean | number | string | Uint8Array | CborValue[] | CborMap | CborTagged;
export type CborMap = Map<string, CborValue>;
export interface CborTagged {
  tag: number;
  value: CborValue;
}

export interface CborLimits {
  maxDepth: number;
  maxItems: number;
}

const DEFAULT_LIMITS: CborLimits = { maxDepth: 64, maxItems: 200_000 };

export class CborError extends Error {}

interface Cursor {
  bytes: Uint8Array;
  view: DataView;
  pos: number;
  items: number;
  limits: CborLimits;
}

const BREAK = Symbol('break');

/** Decodes one CBOR item from `bytes`. Throws CborError on malformed or over-limit input (callers catch). */
export function decodeCbor(bytes: Uint8Array, limits: CborLimits = DEFAULT_LIMITS): CborValue {
  const cursor: Cursor = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    pos: 0,
    items: 0,
    limits,
  };
  const value = readItem(cursor, 0);
  if (value === BREAK) throw new CborError('unexpected break byte');
  return value;
}

function need(c: Cursor, n: number): void {
  if (n < 0 || c.pos + n > c.bytes.length) {
    throw new CborError(`item at byte ${c.pos} needs ${n} bytes but only ${c.bytes.length - c.pos} remain`);
  }
}

/** Reads the argument of an initial byte; returns -1 for indefinite length (additional info 31). */
function readArgument(c: Cursor, info: number): number {
  if (info < 24) return info;
  if (info === 24) {
    need(c, 1);
    return c.bytes[c.pos++]!;
  }
  if (info === 25) {
    need(c, 2);
    const v = c.view.getUint16(c.pos);
    c.pos += 2;
    return v;
  }
  if (info === 26) {
    need(c, 4);
    const v = c.view.getUint32(c.pos);
    c.pos += 4;
    return v;
  }
  if (info === 27) {
    need(c, 8);
    const v = c.view.getBigUint64(c.pos);
    c.pos += 8;
    // Lengths and counts above 2^53 cannot fit in the bytes we hold anyway; integers that big are kept as -2.
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? -2 : Number(v);
  }
  if (info === 31) return -1;
  throw new CborError(`reserved additional info ${info} at byte ${c.pos - 1}`);
}

function readItem(c: Cursor, depth: number): CborValue | typeof BREAK {
  if (depth > c.limits.maxDepth) throw new CborError(`nesting deeper than ${c.limits.maxDepth}`);
  if (++c.items > c.limits.maxItems) throw new CborError(`more than ${c.limits.maxItems} items`);
  need(c, 1);
  const initial = c.bytes[c.pos++]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (major === 7) return readSimple(c, info);
  const start = c.pos - 1;
  const arg = readArgument(c, info);
  switch (major) {
    case 0:
      return arg === -2 ? Number.MAX_SAFE_INTEGER : arg;
    case 1:
      return arg === -2 ? -Number.MAX_SAFE_INTEGER : -1 - arg;
    case 2:
    case 3:
      return readString(c, major, arg, depth);
    case 4:
      return readArray(c, arg, depth);
    case 5:
      return readMap(c, arg, depth);
    case 6:
      if (arg < 0) throw new CborError(`bad tag at byte ${start}`);
      return { tag: arg, value: asValue(readItem(c, depth + 1), start) };
    default:
      throw new CborError(`unknown major type ${major} at byte ${start}`);
  }
}

function asValue(v: CborValue | typeof BREAK, at: number): CborValue {
  if (v === BREAK) throw new CborError(`unexpected break byte near ${at}`);
  return v;
}

function readSimple(c: Cursor, info: number): CborValue | typeof BREAK {
  switch (info) {
    case 20:
      return false;
    case 21:
      return true;
    case 22:
      return null;
    case 23:
      return undefined;
    case 25: {
      need(c, 2);
      const v = halfToNumber(c.view.getUint16(c.pos));
      c.pos += 2;
      return v;
    }
    case 26: {
      need(c, 4);
      const v = c.view.getFloat32(c.pos);
      c.pos += 4;
      return v;
    }
    case 27: {
      need(c, 8);
      const v = c.view.getFloat64(c.pos);
      c.pos += 8;
      return v;
    }
    case 31:
      return BREAK;
    default:
      if (info === 24) {
        need(c, 1);
        c.pos += 1;
      }
      return null;
  }
}

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

const utf8 = new TextDecoder('utf-8');

function readString(c: Cursor, major: number, length: number, depth: number): CborValue {
  if (length === -1) {
    const parts: Uint8Array[] = [];
    for (;;) {
      const chunk = readItem(c, depth + 1);
      if (chunk === BREAK) break;
      if (major === 3 ? typeof chunk !== 'string' : !(chunk instanceof Uint8Array)) {
        throw new CborError('indefinite string holds a chunk of another type');
      }
      parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
    }
    const joined = Buffer.concat(parts);
    return major === 3 ? utf8.decode(joined) : new Uint8Array(joined);
  }
  if (length === -2) throw new CborError('string length above 2^53');
  need(c, length);
  const slice = c.bytes.subarray(c.pos, c.pos + length);
  c.pos += length;
  return major === 3 ? utf8.decode(slice) : slice;
}

function readArray(c: Cursor, count: number, depth: number): CborValue[] {
  if (count === -2) throw new CborError('array length above 2^53');
  // Each element takes at least one byte, so a count above the remaining bytes is a lie: refuse before looping.
  if (count > c.bytes.length - c.pos) throw new CborError(`array of ${count} items in ${c.bytes.length - c.pos} bytes`);
  const out: CborValue[] = [];
  for (let i = 0; count === -1 || i < count; i++) {
    const item = readItem(c, depth + 1);
    if (item === BREAK) {
      if (count === -1) break;
      throw new CborError('break inside a definite-length array');
    }
    out.push(item);
  }
  return out;
}

function readMap(c: Cursor, count: number, depth: number): CborMap {
  if (count === -2) throw new CborError('map length above 2^53');
  if (count > (c.bytes.length - c.pos) / 2)
    throw new CborError(`map of ${count} pairs in ${c.bytes.length - c.pos} bytes`);
  const out: CborMap = new Map();
  for (let i = 0; count === -1 || i < count; i++) {
    const key = readItem(c, depth + 1);
    if (key === BREAK) {
      if (count === -1) break;
      throw new CborError('break inside a definite-length map');
    }
    const value = asValue(readItem(c, depth + 1), c.pos);
    out.set(typeof key === 'string' ? key : String(key), value);
  }
  return out;
}

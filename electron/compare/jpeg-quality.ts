// JPEG quality estimated from the quantisation tables (DQT). libjpeg (IJG), libjpeg-turbo, mozjpeg's baseline
// mode and therefore sharp, Pillow, PIL-based generator UIs and most browsers scale the two example tables of
// ITU-T T.81 Annex K by one "quality" number, so finding the quality whose scaled tables equal the file's names
// what the writer chose. Tables that match no quality (Photoshop, camera firmware) get the nearest one, flagged.
// Bounded: only marker segments before the first scan are read, at most 64 of them.

/** Annex K.1 luminance and K.2 chrominance tables, in natural (row-major) order. */
const ANNEX_K_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];
const ANNEX_K_CHROMA = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99,
];

/** Zigzag position k holds natural index ZIGZAG[k]: DQT stores its 64 values in zigzag order. */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];

const MAX_SEGMENTS = 64;

export interface JpegQuality {
  /** 1-100 on the IJG scale. */
  quality: number;
  /** The file's tables are exactly the IJG tables at that quality (false: nearest match of custom tables). */
  exact: boolean;
  /** How many quantisation tables the file defines (1 for greyscale, 2 usually). */
  tables: number;
}

/** libjpeg's jpeg_quality_scaling + jpeg_add_quant_table with force_baseline. */
export function ijgTable(base: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? Math.floor(5000 / q) : 200 - q * 2;
  return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

/** Quantisation tables by id (0-3), in natural order, from the DQT segments before the first scan; null when the
 *  bytes are not a JPEG or declare no table. */
export function readQuantTables(bytes: Uint8Array): Map<number, number[]> | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const tables = new Map<number, number[]>();
  let pos = 2;
  for (let segments = 0; segments < MAX_SEGMENTS && pos + 4 <= bytes.length; segments++) {
    if (bytes[pos] !== 0xff) break;
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = (bytes[pos + 2] << 8) | bytes[pos + 3];
    const end = pos + 2 + length;
    if (length < 2 || end > bytes.length) break;
    if (marker === 0xdb) readDqtSegment(bytes, pos + 4, end, tables);
    pos = end;
  }
  return tables.size ? tables : null;
}

function readDqtSegment(bytes: Uint8Array, start: number, end: number, into: Map<number, number[]>): void {
  let at = start;
  while (at < end) {
    const precision = bytes[at] >> 4;
    const id = bytes[at] & 15;
    const size = precision === 0 ? 64 : 128;
    if (id > 3 || at + 1 + size > end) return;
    const natural = new Array<number>(64);
    for (let k = 0; k < 64; k++) {
      natural[ZIGZAG[k]] = precision === 0 ? bytes[at + 1 + k] : (bytes[at + 1 + 2 * k] << 8) | bytes[at + 2 + 2 * k];
    }
    into.set(id, natural);
    at += 1 + size;
  }
}

/** The IJG quality whose tables are closest to the file's (sum of absolute differences over table 0 and, when
 *  present, table 1); null when the bytes are not a JPEG with quantisation tables. */
export function estimateJpegQuality(bytes: Uint8Array): JpegQuality | null {
  const tables = readQuantTables(bytes);
  if (!tables) return null;
  const luma = tables.get(0) ?? [...tables.values()][0];
  const chroma = tables.get(1) ?? null;
  let best = { quality: 0, error: Number.POSITIVE_INFINITY };
  for (let q = 1; q <= 100; q++) {
    let error = distance(luma, ijgTable(ANNEX_K_LUMA, q));
    if (chroma) error += distance(chroma, ijgTable(ANNEX_K_CHROMA, q));
    // Ties (qualities near 100 all clamp to 1s) keep the higher quality: the writer asked for at least that.
    if (error <= best.error) best = { quality: q, error };
  }
  return { quality: best.quality, exact: best.error === 0, tables: tables.size };
}

function distance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 64; i++) sum += Math.abs(a[i] - b[i]);
  return sum;
}

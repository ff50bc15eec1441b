// JUMBF (ISO/IEC 19566-5) box tree, the container of a C2PA manifest store. A superbox `jumb` starts with a
// description box `jumd` (16-byte type UUID whose first 4 bytes spell the C2PA kind: `c2pa` store, `c2ma`
// manifest, `c2as` assertion store, `c2cl` claim, `c2cs` signature, `cbor`/`json` assertion content; then a
// toggle byte and a NUL-terminated label), followed by content boxes (`cbor`, `json`, `bfdb`, `bidb`) or
// nested superboxes. Box lengths are untrusted: every one is checked against the bytes that exist.

export interface JumbfContent {
  /** The content box type, e.g. `cbor`, `json`, `bidb`. */
  boxType: string;
  data: Uint8Array;
}

export interface JumbfSuperbox {
  /** First four bytes of the description type UUID as text (`c2ma`, `cbor`), or the UUID in hex. */
  kind: string;
  label: string | null;
  children: JumbfSuperbox[];
  contents: JumbfContent[];
}

export interface JumbfParse {
  root: JumbfSuperbox | null;
  warnings: string[];
}

const MAX_DEPTH = 24;
const MAX_BOXES = 20_000;

interface RawBox {
  type: string;
  start: number;
  body: Uint8Array;
}

/** Splits `bytes` into boxes; stops with a warning at the first box whose length does not fit. */
function readBoxes(bytes: Uint8Array, warnings: string[], where: string): RawBox[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: RawBox[] = [];
  let pos = 0;
  while (pos + 8 <= bytes.length) {
    let size = view.getUint32(pos);
    const type = latin1(bytes.subarray(pos + 4, pos + 8));
    let header = 8;
    if (size === 1) {
      if (pos + 16 > bytes.length) {
        warnings.push(`JUMBF box '${type}' in ${where} has a 64-bit length but the file ends first`);
        break;
      }
      const big = view.getBigUint64(pos + 8);
      size = big > BigInt(bytes.length) ? bytes.length + 1 : Number(big);
      header = 16;
    } else if (size === 0) {
      size = bytes.length - pos;
    }
    if (size < header || pos + size > bytes.length) {
      warnings.push(
        `JUMBF box '${type}' in ${where} declares ${size} bytes but only ${bytes.length - pos} remain; rest ignored`,
      );
      break;
    }
    boxes.push({ type, start: pos, body: bytes.subarray(pos + header, pos + size) });
    pos += size;
  }
  return boxes;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function describe(body: Uint8Array): { kind: string; label: string | null } {
  if (body.length < 17) return { kind: '?', label: null };
  const uuid = body.subarray(0, 16);
  const prefix = uuid.subarray(0, 4);
  const printable = prefix.every((b) => b >= 0x20 && b < 0x7f);
  const kind = printable ? latin1(prefix) : Buffer.from(uuid).toString('hex');
  const toggles = body[16]!;
  let label: string | null = null;
  if (toggles & 0x02) {
    const end = body.indexOf(0, 17);
    label = new TextDecoder().decode(body.subarray(17, end === -1 ? body.length : end));
  }
  return { kind, label };
}

/** Parses the manifest store bytes (a `jumb` superbox, as found in PNG caBX or reassembled JPEG APP11). */
export function parseJumbf(bytes: Uint8Array): JumbfParse {
  const warnings: string[] = [];
  const top = readBoxes(bytes, warnings, 'the manifest store');
  const first = top.find((b) => b.type === 'jumb');
  if (!first) {
    warnings.push('C2PA data holds no JUMBF superbox');
    return { root: null, warnings };
  }
  const counter = { boxes: 0 };
  const root = readSuperbox(first.body, 0, warnings, counter);
  return { root, warnings };
}

function readSuperbox(body: Uint8Array, depth: number, warnings: string[], counter: { boxes: number }): JumbfSuperbox {
  const box: JumbfSuperbox = { kind: '?', label: null, children: [], contents: [] };
  if (depth > MAX_DEPTH) {
    warnings.push(`JUMBF nesting deeper than ${MAX_DEPTH}; inner boxes ignored`);
    return box;
  }
  const where = 'a JUMBF superbox';
  for (const child of readBoxes(body, warnings, where)) {
    if (++counter.boxes > MAX_BOXES) {
      warnings.push(`more than ${MAX_BOXES} JUMBF boxes; the rest ignored`);
      break;
    }
    if (child.type === 'jumd') Object.assign(box, describe(child.body));
    else if (child.type === 'jumb') box.children.push(readSuperbox(child.body, depth + 1, warnings, counter));
    else box.contents.push({ boxType: child.type, data: child.body });
  }
  return box;
}

// Reading single properties out of an XMP packet (RDF/XML) without an XML library: Draw Things writes each
// property either as an attribute (`exif:UserComment="…"`) or as an element holding an rdf:Alt/rdf:Seq of
// rdf:li, always entity-escaped (`&quot;`, `&#xA;`); ComfyUI's frontend reads `comfy:prompt` as an attribute and
// `comfy:workflow` as an element, and some savers wrap JSON in CDATA. Only what the readers need: one property's text.

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function escapeName(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text of property `name` (e.g. `dc:description`, `exif:UserComment`), or null. */
export function xmpProperty(xmp: string, name: string): string | null {
  const n = escapeName(name);
  const attr = new RegExp(`\\s${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xmp);
  if (attr) return decodeXmlEntities(attr[1] ?? attr[2]!);
  const element = new RegExp(`<${n}(?:\\s[^>]*)?>([\\s\\S]*?)</${n}>`).exec(xmp);
  if (!element) return null;
  const inner = element[1]!;
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(inner);
  if (cdata) return cdata[1]!;
  const li = /<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/.exec(inner);
  return decodeXmlEntities((li ? li[1]! : inner).trim());
}

// The XMP sidecar (`IMAGE.xmp`): the record in the form photo tools already read. digiKam and darktable show
// dc:description as the caption and xmp:CreatorTool as the software; exiftool lists every property, including the
// Seedscope namespace (`exiftool -XMP-seedscope:all cat.png.xmp`). The whole tuple rides along as JSON so Seedscope
// itself loses nothing, and the A1111 text rides along so any UI can paste it.
import { formatA1111Infotext } from '../../shared/a1111-text';
import type { SidecarRecord } from '../../shared/sidecar';

export const SEEDSCOPE_XMP_NAMESPACE = 'https://seedscope.app/ns/1.0/';

/**
 * Escape text for XML element content. XML 1.0 cannot carry C0 controls other than tab/LF/CR, lone surrogates or
 * U+FFFE/U+FFFF even as character references, so those become U+FFFD (the exact text is kept in the Tuple JSON,
 * where JSON escapes them). CR is written as `&#xD;`, or an XML parser would turn CRLF prompts into LF.
 */
export function escapeXmlText(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

function property(name: string, value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return `   <seedscope:${name}>${escapeXmlText(String(value))}</seedscope:${name}>`;
}

function creatorTool(record: SidecarRecord): string | null {
  const software = record.tuple?.software;
  if (software) return software.version ? `${software.name} ${software.version}` : software.name;
  return record.generator && record.generator !== 'unknown' ? record.generator : null;
}

function adapterList(record: SidecarRecord): string | null {
  const adapters = record.tuple?.adapters ?? [];
  if (!adapters.length) return null;
  // One rdf:li per adapter, `kind:name@weight#hash`, so a person can read it in any XMP viewer.
  const items = adapters.map((a) => {
    const weight = a.weight === null ? '' : `@${a.weight}`;
    const hash = a.hash ? `#${a.hash}` : '';
    return `     <rdf:li>${escapeXmlText(`${a.kind}:${a.name}${weight}${hash}`)}</rdf:li>`;
  });
  return ['   <seedscope:Adapters>', '    <rdf:Seq>', ...items, '    </rdf:Seq>', '   </seedscope:Adapters>'].join(
    '\n',
  );
}

/** The person's marks from the library: what digiKam, Lightroom and darktable read as stars and keywords. */
export interface SidecarMarks {
  favourite: boolean;
  /** 0 (unrated) to 5. */
  rating: number;
  tags: readonly string[];
}

function markLines(marks: SidecarMarks | undefined): Array<string | null> {
  if (!marks) return [];
  const tags = marks.tags.map((tag) => `     <rdf:li>${escapeXmlText(tag)}</rdf:li>`);
  return [
    // xmp:Rating 0 means "unrated" to Lightroom and digiKam, which is what an unrated image is.
    `   <xmp:Rating>${Math.max(0, Math.min(5, Math.trunc(marks.rating)))}</xmp:Rating>`,
    tags.length ? ['   <dc:subject>', '    <rdf:Bag>', ...tags, '    </rdf:Bag>', '   </dc:subject>'].join('\n') : null,
    marks.favourite ? property('Favourite', 'True') : null,
  ];
}

/** Render the record as a standalone XMP sidecar file (UTF-8), with the library's marks when given. */
export function formatXmpSidecar(record: SidecarRecord, marks?: SidecarMarks): string {
  const t = record.tuple;
  const tool = creatorTool(record);
  const lines: Array<string | null> = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Seedscope">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    `    xmlns:seedscope="${SEEDSCOPE_XMP_NAMESPACE}">`,
    tool ? `   <xmp:CreatorTool>${escapeXmlText(tool)}</xmp:CreatorTool>` : null,
    `   <xmp:MetadataDate>${escapeXmlText(record.createdAt)}</xmp:MetadataDate>`,
    ...markLines(marks),
    t?.prompt
      ? `   <dc:description>\n    <rdf:Alt>\n     <rdf:li xml:lang="x-default">${escapeXmlText(t.prompt)}</rdf:li>\n    </rdf:Alt>\n   </dc:description>`
      : null,
    property('SchemaVersion', record.schemaVersion),
    property('SeedscopeVersion', record.seedscopeVersion),
    property('Generator', record.generator),
    property('Prompt', t?.prompt),
    property('NegativePrompt', t?.negativePrompt),
    property('Seed', t?.seed),
    property('Sampler', t?.sampler),
    property('Scheduler', t?.scheduler),
    property('Steps', t?.steps),
    property('CFGScale', t?.cfg),
    property('Width', t?.width),
    property('Height', t?.height),
    property('Model', t?.model),
    property('ModelHash', t?.modelHash),
    property('ModelHashType', t?.modelHashType),
    property('ModelVersion', t?.modelVersion),
    property('ModelFileSHA256', record.model?.file?.sha256),
    property('PromptSHA256', t?.promptSha256),
    property('NegativePromptSHA256', t?.negativePromptSha256),
    property('FileSHA256', record.image.fileSha256),
    property('PixelSHA256', record.pixels?.sha256),
    property('PixelRGBSHA256', record.pixels?.rgbSha256),
    property('PerceptualHash', record.perceptualHash),
    adapterList(record),
    t ? property('Parameters', formatA1111Infotext(t)) : null,
    t ? property('Tuple', JSON.stringify(t)) : null,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '',
  ];
  return lines.filter((line): line is string => line !== null).join('\n');
}

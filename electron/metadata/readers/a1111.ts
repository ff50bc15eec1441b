// The A1111 family reader: AUTOMATIC1111, Forge (Classic/Neo/reForge/EasyReforge), SD.Next, Civitai's A1111
// text, Yodayo, ComfyUI savers' A1111-style text. The infotext can sit in a PNG `parameters` chunk, the EXIF
// UserComment (JPEG/WebP/AVIF, PNG eXIf), the GIF comment, a `.txt` sidecar, or only in stealth pixel bits
// (`sdparsers_automatic1111_stealth.png`). The first source that parses wins; the others are compared with it.
import type { FieldConflict } from '../../../shared/tuple';
import { tupleFromA1111Infotext } from '../a1111/infotext-tuple';
import { parseA1111Infotext, type A1111Infotext } from '../a1111/parse-infotext';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';

interface Candidate {
  source: string;
  text: string;
  /** Lower is preferred: the generator's own slot first, copies (sidecar, stealth) after. */
  rank: number;
}

function rankOf(source: string): number {
  if (/^png:(tEXt|iTXt|zTXt):parameters$/.test(source)) return 0;
  if (source === 'exif:UserComment') return 1;
  if (source === 'gif:comment' || source === 'jpeg:COM') return 2;
  if (source === 'sidecar:txt') return 4;
  return -1;
}

function candidates(sources: MetadataSources): Candidate[] {
  const out: Candidate[] = [];
  for (const item of sources.texts) {
    const rank = rankOf(item.source);
    if (rank >= 0) out.push({ source: item.source, text: item.text, rank });
  }
  if (sources.stealth) out.push({ source: sources.stealth.source, text: sources.stealth.text, rank: 3 });
  return out.sort((a, b) => a.rank - b.rank);
}

function looksLikeInfotext(text: string): boolean {
  const head = text.trimStart();
  // JSON payloads (NovelAI stealth, Fooocus/HF `parameters`, Swarm, Comfy envelopes) belong to other readers.
  return head.length > 0 && head[0] !== '{' && head[0] !== '[';
}

const COMPARED: Array<[string, (i: A1111Infotext) => string | undefined]> = [
  ['seed', (i) => i.params.get('Seed')],
  ['steps', (i) => i.params.get('Steps')],
  ['cfg', (i) => i.params.get('CFG scale')],
  ['sampler', (i) => i.params.get('Sampler')],
  ['model', (i) => i.params.get('Model')],
  ['modelHash', (i) => i.params.get('Model hash')],
  ['size', (i) => i.params.get('Size')],
  ['prompt', (i) => i.prompt],
];

export const a1111Reader: GeneratorReader = {
  id: 'a1111',
  read(sources: MetadataSources): ReaderResult | null {
    const parsed: Array<{ source: string; info: A1111Infotext }> = [];
    for (const c of candidates(sources)) {
      if (!looksLikeInfotext(c.text)) continue;
      const info = parseA1111Infotext(c.text);
      if (info) parsed.push({ source: c.source, info });
    }
    if (parsed.length === 0) return null;
    const [first, ...others] = parsed;
    const result = tupleFromA1111Infotext(first.info, first.source);
    for (const [field, pick] of COMPARED) {
      const values: FieldConflict['values'] = [];
      for (const p of [first, ...others]) {
        const value = pick(p.info);
        if (value !== undefined) values.push({ value, source: p.source });
      }
      if (new Set(values.map((v) => v.value)).size > 1) {
        result.tuple.conflicts.push({
          field,
          values,
          kept: `${first.source} (the file's own parameters win over copies elsewhere)`,
        });
      }
    }
    const post = sources.texts.find((t) => /^png:(tEXt|iTXt|zTXt):postprocessing$/.test(t.source));
    if (post) result.tuple.extras['postprocessing'] = post.text;
    return result;
  },
};

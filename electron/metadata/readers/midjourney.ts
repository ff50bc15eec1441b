// Midjourney web downloads (metadata-formats.md §2.10): PNG tEXt `Description` = "prompt --v 4 Job ID: <uuid>",
// `Author`, `Creation Time`, and XMP iptcExt:DigImageGUID (the job id) + DigitalSourceType. The parameters are
// the `--flags` inside the prompt; there is no seed, steps, sampler or CFG unless the user passed `--seed`.
// Image prompts appear as leading URLs (https://s.mj.run/…) and stay part of the prompt text.
import { parseSeed, TupleBuilder } from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';

const JOB_ID = /\s*Job ID:\s*([0-9a-f-]{36})\s*$/i;
const ALIASES: Record<string, string> = {
  v: 'version',
  s: 'stylize',
  c: 'chaos',
  q: 'quality',
  w: 'weird',
  ar: 'aspect',
  p: 'personalize',
};

function xmpOf(sources: MetadataSources): string {
  return sources.xmp ?? sources.texts.find((t) => t.key === 'XML:com.adobe.xmp')?.text ?? '';
}

function xmpAttr(xmp: string, name: string): string | null {
  const m = new RegExp(`${name}="([^"]*)"|<${name}>([^<]*)</${name}>`).exec(xmp);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Splits "prompt --v 4 --ar 3:2" into the prompt and its flags (flag names as written, values as text). */
export function parseMidjourneyPrompt(text: string): {
  prompt: string;
  flags: Map<string, string>;
  jobId: string | null;
} {
  const job = JOB_ID.exec(text);
  const body = job ? text.slice(0, job.index) : text;
  const first = body.search(/(?:^|\s)--[a-z]/i);
  const prompt = (first === -1 ? body : body.slice(0, first)).trim();
  const flags = new Map<string, string>();
  if (first !== -1) {
    for (const segment of body.slice(first).split(/(?:^|\s)--/)) {
      const [name, ...value] = segment.trim().split(/\s+/);
      if (name) flags.set(name.toLowerCase(), value.join(' '));
    }
  }
  return { prompt, flags, jobId: job ? job[1]! : null };
}

export const midjourneyReader: GeneratorReader = {
  id: 'midjourney',
  read(sources: MetadataSources): ReaderResult | null {
    const item = sources.texts.find(
      (t) => t.key === 'Description' && (JOB_ID.test(t.text) || /(?:^|\s)--(v|version|niji)\s/.test(t.text)),
    );
    if (!item) return null;
    const xmp = xmpOf(sources);
    const { prompt, flags, jobId } = parseMidjourneyPrompt(item.text);
    const b = new TupleBuilder('midjourney', item.source);
    b.set('software', { name: 'Midjourney', version: null });
    b.set('prompt', prompt);
    const niji = flags.get('niji');
    const version = flags.get('v') ?? flags.get('version') ?? niji ?? null;
    b.set('model', niji !== undefined ? 'Niji' : 'Midjourney');
    if (version) b.set('modelVersion', version);
    // Midjourney only uses a fixed seed when the user asks for one.
    b.set('seed', parseSeed(flags.get('seed') ?? null));
    for (const [name, value] of flags) {
      if (['v', 'version', 'niji', 'seed'].includes(name)) continue;
      b.extra(`midjourney.${ALIASES[name] ?? name}`, value || 'true');
    }
    if (jobId) b.extra('midjourney.jobId', jobId);
    for (const key of ['Author', 'Creation Time']) {
      const t = sources.texts.find((x) => x.key === key);
      if (t) b.extra(`midjourney.${key}`, t.text);
    }
    const sourceType = xmpAttr(xmp, 'iptcExt:DigitalSourceType');
    if (sourceType) b.extra('xmp.DigitalSourceType', sourceType);
    const guid = xmpAttr(xmp, 'iptcExt:DigImageGUID');
    if (guid) b.extra('xmp.DigImageGUID', guid);
    return { generator: 'midjourney', tuple: b.build(), warnings: [] };
  },
};

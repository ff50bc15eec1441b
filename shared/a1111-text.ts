// The tuple as AUTOMATIC1111 "infotext": the text every generator UI can paste (A1111/Forge "PNG Info" ->
// "Send to txt2img", Civitai, SwarmUI import). Pure: the renderer's "copy as A1111 text" uses it too.
//
// Layout and quoting follow A1111 (metadata-formats.md §2.1): `prompt\nNegative prompt: neg\nk: v, k: v`, the
// negative line left out when empty, and a value JSON-quoted when it holds `,`, `\n` or `:` (infotext_utils.quote),
// so A1111's own parse_generation_parameters reads every value back whole.
import type { Adapter, GenerationTuple } from './tuple';

/** Generators whose tuple extras are A1111 keys as written, so they can be echoed back verbatim. */
const A1111_FAMILY = new Set(['a1111', 'forge', 'reforge', 'sdnext', 'civitai', 'stability-matrix', 'seedscope']);

/** Keys this formatter writes from tuple fields; the same keys in `extras` are not written twice. */
const OWN_KEYS = new Set([
  'Steps', 'Sampler', 'Schedule type', 'CFG scale', 'Seed', 'Size', 'Model hash', 'Model', 'VAE hash', 'VAE',
  'Clip skip', 'ENSD', 'RNG', 'Eta', 'Token merging ratio', 'Lora hashes', 'TI hashes', 'Version',
  // Parsed into prompt fields, never parameter keys.
  'Prompt', 'Negative prompt',
]);

/** A1111 `infotext_utils.quote`, plus a leading `"` (A1111 would otherwise unquote a value that merely starts with one). */
export function quoteA1111Value(value: string): string {
  if (!/[,\n:]/.test(value) && !value.startsWith('"')) return value;
  return JSON.stringify(value);
}

function formatNumber(n: number): string {
  // A1111 writes CFG 7 (not 7.0) and 5.5; JS number formatting matches Python's for these.
  return String(n);
}

function hashList(adapters: Adapter[], kind: Adapter['kind']): string | null {
  const entries = adapters
    .filter((a) => a.kind === kind && a.hash)
    // A1111 strips `:` and `,` from the names it writes into Lora hashes (sd_forge_lora/extra_networks_lora.py).
    .map((a) => `${a.name.replace(/[:,]/g, '')}: ${a.hash}`);
  return entries.length ? entries.join(', ') : null;
}

/** The parameter line's entries in A1111's own key order (processing.py:create_infotext). */
function parameterEntries(tuple: GenerationTuple): Array<[string, string]> {
  const entries: Array<[string, string | number | null]> = [
    ['Steps', tuple.steps],
    ['Sampler', tuple.sampler],
    ['Schedule type', tuple.scheduler],
    ['CFG scale', tuple.cfg === null ? null : formatNumber(tuple.cfg)],
    ['Seed', tuple.seed],
    ['Size', tuple.width !== null && tuple.height !== null ? `${tuple.width}x${tuple.height}` : null],
    ['Model hash', tuple.modelHash],
    ['Model', tuple.model],
    ['VAE hash', tuple.determinism.vaeHash],
    ['VAE', tuple.determinism.vae],
    ['Clip skip', tuple.determinism.clipSkip],
    ['ENSD', tuple.determinism.ensd],
    ['RNG', tuple.determinism.rng],
    ['Eta', tuple.determinism.eta],
    ['Token merging ratio', tuple.determinism.tokenMerging],
  ];
  for (const [key, value] of Object.entries(tuple.determinism.other)) {
    if (!OWN_KEYS.has(key)) entries.push([key, value]);
  }
  if (A1111_FAMILY.has(tuple.generator)) {
    for (const [key, value] of Object.entries(tuple.extras)) {
      if (!OWN_KEYS.has(key) && !tuple.determinism.other[key] && isA1111Key(key)) entries.push([key, value]);
    }
  }
  entries.push(['Lora hashes', hashList(tuple.adapters, 'lora')]);
  entries.push(['TI hashes', hashList(tuple.adapters, 'embedding')]);
  if (tuple.software?.version) entries.push(['Version', tuple.software.version]);
  const written: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [key, value] of entries) {
    if (value === null || value === '' || seen.has(key)) continue;
    seen.add(key);
    written.push([key, quoteA1111Value(String(value))]);
  }
  return written;
}

/** A key A1111's parameter regex accepts: `\w[\w \-/]+` (a key outside that would break the whole line). */
function isA1111Key(key: string): boolean {
  return /^\w[\w \-/]+$/.test(key);
}

/**
 * Format a tuple as A1111 infotext. The prompt and negative prompt are written byte for byte (LoRA tags stay
 * wherever the source had them); line endings inside them are kept, so a paste reproduces the exact prompt bytes.
 */
export function formatA1111Infotext(tuple: GenerationTuple): string {
  const lines: string[] = [tuple.prompt ?? ''];
  if (tuple.negativePrompt) lines.push(`Negative prompt: ${tuple.negativePrompt}`);
  const parameters = parameterEntries(tuple)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
  if (parameters) lines.push(parameters);
  return lines.join('\n');
}

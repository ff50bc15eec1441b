// SwarmUI (StableSwarmUI), metadata-formats.md §2.6: pretty-printed JSON {sui_image_params, sui_extra_data,
// sui_models} in PNG `parameters`, or in the EXIF UserComment of JPEG/WebP (UTF-16LE, decoded by the container
// layer); legacy StableSwarm put it in EXIF Model. Values may be strings ("1.0"), no key is guaranteed, models are
// named without extension, and sui_models hashes are `0x` + 64 hex tensor hashes (AutoV3: header excluded).
// PNGs from the ComfyUI backend also carry a `prompt` graph; Swarm's own record of the request wins here.
import { isJsonObject, parseLosslessJson, type JsonObject, type JsonValue } from '../lossless-json';
import { jsonText, KeyedValues, parseInteger, parseNumber, TupleBuilder } from '../tuple-builder';
import type { GeneratorReader, MetadataSources, ReaderResult } from '../types';

/** Swarm's values are loosely typed, so a text field may hold a number or a boolean: read as its text. */
function scalarText(v: JsonValue | undefined): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function swarmRecord(sources: MetadataSources): { source: string; root: JsonObject; params: JsonObject } | null {
  for (const item of sources.texts) {
    if (!['parameters', 'UserComment', 'Model'].includes(item.key) || !item.text.includes('sui_image_params')) continue;
    const parsed = parseLosslessJson(item.text);
    if (!parsed.ok || !isJsonObject(parsed.value)) continue;
    const params = parsed.value['sui_image_params'];
    if (isJsonObject(params)) return { source: item.source, root: parsed.value, params };
  }
  return null;
}

/** Swarm LoRAs: `loras` and `loraweights` as lists, or as comma-joined strings (its docs allow both). */
function list(v: JsonValue | undefined): string[] {
  if (Array.isArray(v)) return v.map((x) => scalarText(x) ?? '').filter(Boolean);
  const s = scalarText(v);
  return s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

export const swarmuiReader: GeneratorReader = {
  id: 'swarmui',
  read(sources: MetadataSources): ReaderResult | null {
    const record = swarmRecord(sources);
    if (!record) return null;
    const { params, root, source } = record;
    const b = new TupleBuilder('swarmui', source);
    const kv = KeyedValues.fromJson(params);
    const take = (k: string) => kv.takeJson(k);
    b.set('software', { name: 'SwarmUI', version: scalarText(take('swarm_version')) });
    b.set('prompt', scalarText(take('prompt')));
    b.set('negativePrompt', scalarText(take('negativeprompt')));
    b.setCoreFromJson(kv, { seed: 'seed', steps: 'steps', cfg: 'cfgscale', width: 'width', height: 'height' });
    const model = scalarText(take('model'));
    b.set('model', model);
    b.setSampler(scalarText(take('sampler')), scalarText(take('scheduler')));
    b.setDeterminism('vae', scalarText(take('vae')));
    const clipStop = parseInteger(take('clipstopatlayer'));
    b.setDeterminism('clipSkip', clipStop === null ? null : Math.abs(clipStop));
    const models = Array.isArray(root['sui_models']) ? root['sui_models'].filter(isJsonObject) : [];
    const hashOf = (param: string, name: string | null): string | null => {
      const entry = models.find(
        (m) => scalarText(m['param']) === param && (!name || (scalarText(m['name']) ?? '').startsWith(name)),
      );
      return entry ? scalarText(entry['hash']) : null;
    };
    const modelHash = hashOf('model', model);
    if (modelHash)
      b.set('modelHash', modelHash, `${source}#sui_models`).set(
        'modelHashType',
        /^0x[0-9a-f]{64}$/i.test(modelHash) ? 'autov3' : 'unknown',
        `${source}#sui_models`,
      );
    const loras = list(take('loras'));
    const weights = list(take('loraweights'));
    loras.forEach((name, i) => {
      const hash = hashOf('loras', name);
      b.addAdapter({
        kind: 'lora',
        name,
        weight: parseNumber(weights[i] ?? null),
        hash,
        hashType: hash ? 'autov3' : null,
      });
    });
    const refiner = scalarText(take('refinermodel'));
    const refinerMethod = scalarText(params['refinermethod']);
    if (refiner || refinerMethod) {
      b.addPass({
        role: refinerMethod === 'PostApply' ? 'hires' : 'refiner',
        node: 'refiner',
        model: refiner ?? model,
        steps: parseInteger(take('refinersteps')),
        cfg: parseNumber(take('refinercfgscale')),
        settings: {
          method: refinerMethod,
          control: parseNumber(take('refinercontrolpercentage')),
          upscale: parseNumber(take('refinerupscale')),
          upscaleMethod: scalarText(take('refinerupscalemethod')),
        },
      });
      kv.take('refinermethod');
    }
    const extra = root['sui_extra_data'];
    if (isJsonObject(extra)) for (const [k, v] of Object.entries(extra)) b.extra(`sui_extra_data.${k}`, jsonText(v));
    b.keepRest(kv);
    return { generator: 'swarmui', tuple: b.build(), warnings: [] };
  },
};

// Warnings collected while a recipe is built. Every value a target cannot carry ends up here (never dropped
// silently); one message is kept once even when several passes raise it.
import type { RecipeWarning, RecipeWarningCode } from '../../shared/recipe';
import type { GenerationTuple, GeneratorId } from '../../shared/tuple';

export class RecipeWarnings {
  private readonly seen = new Set<string>();
  readonly list: RecipeWarning[] = [];

  add(code: RecipeWarningCode, message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    this.list.push({ code, message });
  }
}

/** Services whose model runs on the provider's servers: no recipe reproduces them on a local machine. */
const HOSTED: Partial<Record<GeneratorId, string>> = {
  midjourney: 'Midjourney',
  openai: 'OpenAI',
  google: 'Google',
  'adobe-firefly': 'Adobe Firefly',
  c2pa: 'a C2PA-signing service',
  novelai: 'NovelAI',
};

/** Warnings every target shares: hosted generators, values read as computed at run time, missing core values. */
export function commonWarnings(tuple: GenerationTuple, warnings: RecipeWarnings): void {
  const hosted = HOSTED[tuple.generator];
  if (hosted) {
    const model =
      tuple.modelVersion && !(tuple.model ?? '').includes(tuple.modelVersion)
        ? [tuple.model, tuple.modelVersion].filter(Boolean).join(' ')
        : (tuple.model ?? '');
    warnings.add(
      'hosted-generator',
      `${hosted} runs its model${model ? ` (${model})` : ''} on its own servers; no local checkpoint exists, so this recipe can only approximate it with a model you choose`,
    );
  }
  for (const [field, origin] of Object.entries(tuple.origins)) {
    if (origin.computed)
      warnings.add(
        'computed-value',
        `${field} is computed at run time (${origin.source}); the value in this recipe is not the one that ran`,
      );
  }
  const missing: Array<[string, unknown]> = [
    ['seed', tuple.seed],
    ['model', tuple.model],
    ['steps', tuple.steps],
    // A guider without CFG (ComfyUI BasicGuider + FluxGuidance) records its guidance instead.
    ['CFG scale', tuple.cfg ?? tuple.extras['guidance'] ?? null],
    ['sampler', tuple.samplerId],
    ['width/height', tuple.width !== null && tuple.height !== null ? tuple.width : null],
    ['prompt', tuple.prompt],
  ];
  for (const [name, value] of missing) {
    if (value === null || value === undefined)
      warnings.add(
        'missing-value',
        `the image does not record its ${name}; the recipe uses the target's default, so the result will differ`,
      );
  }
  for (const name of [tuple.model, ...tuple.adapters.map((a) => a.name), ...tuple.postprocess.map((p) => p.name)]) {
    const air = name ? civitaiAir(name) : null;
    if (air)
      warnings.add(
        'missing-value',
        `${name} is a Civitai resource id, not a file name: download ${air} from Civitai and put its file name in the recipe`,
      );
  }
  if (tuple.seed !== null && /^-\d+$/.test(tuple.seed))
    warnings.add(
      'missing-value',
      `the recorded seed ${tuple.seed} means "random" in most tools; the seed that actually ran is unknown`,
    );
}

/** Civitai's on-site generator names models by AIR (urn:air:<ecosystem>:<type>:civitai:<model>@<version>). */
function civitaiAir(name: string): string | null {
  const m = /^urn:air:[^:]+:([^:]+):civitai:(\d+)(?:@(\d+))?/.exec(name.trim());
  return m ? `${m[1]} ${m[2]}${m[3] ? ` version ${m[3]}` : ''}` : null;
}

// A runnable recipe: what to run to get an image again (the seed guide's fix steps 3 to 5), for one target.
// Pure data, so it crosses IPC/HTTP as JSON and the renderer shows it; built by electron/recipes/.

export type RecipeTarget = 'a1111' | 'comfyui' | 'diffusers';

export const recipeTargets = ['a1111', 'comfyui', 'diffusers'] as const satisfies readonly RecipeTarget[];

/** Why a warning was raised: something in the tuple the target cannot express, or a value the recipe had to guess. */
export type RecipeWarningCode =
  /** A ComfyUI node outside ComfyUI's core: the recipe keeps it, but it must be installed to run. */
  | 'custom-node'
  /** An A1111/Forge extension (ADetailer, ControlNet, Dynamic Prompts...) whose settings the API body cannot carry. */
  | 'extension'
  /** A sampler or scheduler with no equivalent in the target; the recipe names what it used instead. */
  | 'unknown-sampler'
  /** A hosted generator (Midjourney, OpenAI, Firefly, NovelAI...) whose model cannot be run locally. */
  | 'hosted-generator'
  /** A value the target needs is not recorded (seed, model, steps...); the recipe leaves it to the target's default or a placeholder. */
  | 'missing-value'
  /** A value produced at run time by a node (math, LLM text, selector): what the file shows is not what ran. */
  | 'computed-value'
  /** Something recorded that the target has no field for (an adapter kind, a pass, a post-processing step). */
  | 'not-expressible'
  /** A random/incrementing seed control the recipe removed so the seed stays fixed. */
  | 'seed-control-removed'
  /** Expressed differently in this target than in the source tool (a LoRA loader became a `<lora:>` tag, a guessed pipeline class). */
  | 'adapted'
  /** The target's noise or sampler differs from the source tool's, so the result is close at best, not bit-identical. */
  | 'cross-tool';

export interface RecipeWarning {
  code: RecipeWarningCode;
  message: string;
}

export interface Recipe {
  target: RecipeTarget;
  format: 'json' | 'python';
  /** The request body (a1111: the txt2img/img2img JSON; comfyui: the API prompt graph); null for diffusers. */
  body: unknown;
  /** Exactly what to copy or save: pretty JSON (seeds above 2^53 written as bare integers) or the Python script. */
  text: string;
  /** Where to send the body, e.g. `/sdapi/v1/txt2img` (a1111) or `/prompt` (comfyui, wrapped as {"prompt": body}). */
  endpoint?: string;
  warnings: RecipeWarning[];
}

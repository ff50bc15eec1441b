import type { JsonObject } from '../metadata/lossless-json';

export interface RecipeOptions {
  /**
   * The image's own ComfyUI API graph (from `readRecipeSource`). With it, the comfyui recipe is that graph with
   * its seeds fixed; without it, a graph is built from the tuple.
   */
  comfyGraph?: JsonObject | null;
  /** Where the model file lives on the machine that will run the diffusers script (pinned with `modelSha256`). */
  modelPath?: string | null;
  /** Full SHA-256 of the model file, when known beyond the tuple's short hash (`seedscope models` prints it). */
  modelSha256?: string | null;
}

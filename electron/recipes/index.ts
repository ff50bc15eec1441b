// The recipes API: a generation tuple in, a runnable recipe for one target out (see README.md here).
// `seedscope verify` and the Reproduce panel build on exactly these exports; keep them stable.
import type { Recipe, RecipeTarget } from '../../shared/recipe';
import type { GenerationTuple } from '../../shared/tuple';
import { buildA1111Recipe } from './a1111-recipe';
import { buildComfyRecipe } from './comfy-recipe';
import { buildDiffusersRecipe } from './diffusers-recipe';
import type { RecipeOptions } from './recipe-options';

export type { Recipe, RecipeTarget, RecipeWarning, RecipeWarningCode } from '../../shared/recipe';
export { recipeTargets } from '../../shared/recipe';
export type { RecipeOptions } from './recipe-options';
export { readRecipeSource, RecipeSourceError, type RecipeSource } from './recipe-source';
/** JSON text with seeds above 2^53 (decimal strings in a body) written as bare integers: for wrapping a body, e.g. {"prompt": graph}. */
export { recipeJsonText, seedValue } from './recipe-json';

/** Builds the recipe for `target`. Pure: never reads files; everything it cannot express is in `warnings`. */
export function buildRecipe(tuple: GenerationTuple, target: RecipeTarget, options: RecipeOptions = {}): Recipe {
  if (target === 'a1111') return buildA1111Recipe(tuple, options);
  if (target === 'comfyui') return buildComfyRecipe(tuple, options);
  return buildDiffusersRecipe(tuple, options);
}

// The comfyui target: the image's own graph (seeds fixed) when it has one, else a graph built from the tuple.
// Either way the body is the API-format prompt graph; POST it to /prompt as {"prompt": body}.
import type { Recipe } from '../../shared/recipe';
import type { GenerationTuple } from '../../shared/tuple';
import { builtGraphRecipeBody } from './comfy-built-graph';
import { ownGraphRecipeBody } from './comfy-own-graph';
import type { RecipeOptions } from './recipe-options';
import { recipeJsonText } from './recipe-json';
import { RecipeWarnings, commonWarnings } from './recipe-warnings';

export function buildComfyRecipe(tuple: GenerationTuple, options: RecipeOptions = {}): Recipe {
  const warnings = new RecipeWarnings();
  commonWarnings(tuple, warnings);
  if (options.comfyGraph && tuple.passes.length === 0) {
    warnings.add(
      'not-expressible',
      "the image's own graph has no sampler node (it post-processes another image); the settings shown come from elsewhere in the file, and the graph reproduces only that last step",
    );
  }
  const body = options.comfyGraph
    ? ownGraphRecipeBody(options.comfyGraph, tuple, warnings)
    : builtGraphRecipeBody(tuple, warnings);
  return {
    target: 'comfyui',
    format: 'json',
    body,
    text: recipeJsonText(body),
    endpoint: '/prompt',
    warnings: warnings.list,
  };
}

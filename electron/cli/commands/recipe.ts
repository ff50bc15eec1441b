// `seedscope recipe FILE --for a1111|comfyui|diffusers [--json]`: what to run to get the image again (the seed
// guide's fix steps 3 to 5). Prints the recipe text (to paste or save) and, on stderr, every warning about what
// the target cannot express. Exit 2 for a missing or unreadable file, a file with no tuple, or bad usage.
import { recipeTargets, type RecipeTarget } from '../../../shared/recipe';
import { buildRecipe, readRecipeSource, RecipeSourceError } from '../../recipes/index';
import { UsageError, option, parseArgs } from '../args';
import type { CliIo, Command } from '../command';

const USAGE = `Usage: seedscope recipe FILE --for a1111|comfyui|diffusers [--json]

Prints a runnable recipe for the image:
  a1111      the JSON body for the A1111/Forge API (POST it to the endpoint named on stderr)
  comfyui    an API-format prompt graph (the image's own graph with seeds fixed, or one built from its parameters);
             POST it to /prompt as {"prompt": <graph>}
  diffusers  a Python script pinning the model, scheduler, seed and determinism settings
Warnings (what the target cannot express) go to stderr.
  --json     one JSON object: { file, generator, target, format, endpoint, warnings, text, body }`;

function isTarget(value: string): value is RecipeTarget {
  return (recipeTargets as readonly string[]).includes(value);
}

export const recipeCommand: Command = {
  name: 'recipe',
  summary: 'print a runnable recipe (A1111 API body, ComfyUI graph or diffusers script) for an image',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['for'], ['json']);
    if (args.positionals.length !== 1) throw new UsageError('give exactly one image file');
    const target = option(args, 'for');
    if (!target) throw new UsageError('choose a target with --for a1111, --for comfyui or --for diffusers');
    if (!isTarget(target)) throw new UsageError(`--for must be a1111, comfyui or diffusers, got "${target}"`);
    const file = args.positionals[0]!;
    let source;
    try {
      source = await readRecipeSource(file);
    } catch (err) {
      if (!(err instanceof RecipeSourceError)) throw err;
      io.stderr.write(`seedscope recipe: ${err.message}\n`);
      return 2;
    }
    const recipe = buildRecipe(source.tuple, target, { comfyGraph: source.comfyGraph });
    if (args.flags.has('json')) {
      const out = {
        file,
        generator: source.generator,
        target,
        format: recipe.format,
        endpoint: recipe.endpoint ?? null,
        warnings: recipe.warnings,
        text: recipe.text,
        body: recipe.body,
      };
      io.stdout.write(`${JSON.stringify(out)}\n`);
      return 0;
    }
    io.stdout.write(recipe.text.endsWith('\n') ? recipe.text : `${recipe.text}\n`);
    if (recipe.endpoint)
      io.stderr.write(`endpoint: POST ${recipe.endpoint}${target === 'comfyui' ? ' (as {"prompt": <graph>})' : ''}\n`);
    for (const w of recipe.warnings) io.stderr.write(`warning (${w.code}): ${w.message}\n`);
    return 0;
  },
};

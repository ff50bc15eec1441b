// Every corpus file that carries a tuple, read once per test file through readRecipeSource (the same path the
// CLI and the backend use). The corpus lives beside the repository (../shared/corpus, INDEX.md lists it).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRecipeSource, RecipeSourceError, type RecipeSource } from './recipe-source';

const ROOT = join(__dirname, '../../..');
export const CORPUS = process.env.SEEDSCOPE_CORPUS ?? join(ROOT, '../shared/corpus');

/** Folders of negative controls: files with no generation parameters. */
export const CONTROL_FOLDERS = ['_no_metadata', '_c2pa_non_ai'];

export function corpusFiles(): string[] {
  const out: string[] = [];
  for (const folder of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const f of readdirSync(join(CORPUS, folder.name))) out.push(join(CORPUS, folder.name, f));
  }
  return out.sort();
}

let cached: Promise<RecipeSource[]> | null = null;

/** Sources of every corpus file outside the control folders; a file there without a tuple fails the test run. */
export function corpusSources(): Promise<RecipeSource[]> {
  cached ??= (async () => {
    const sources: RecipeSource[] = [];
    for (const file of corpusFiles()) {
      if (CONTROL_FOLDERS.some((c) => file.includes(`/${c}/`))) continue;
      try {
        sources.push(await readRecipeSource(file));
      } catch (err) {
        if (err instanceof RecipeSourceError && err.code === 'no-tuple') continue;
        throw err;
      }
    }
    return sources;
  })();
  return cached;
}

/** Folder name under the corpus = the generator family INDEX.md files it under. */
export function folderOf(file: string): string {
  return file.slice(CORPUS.length + 1).split('/')[0]!;
}

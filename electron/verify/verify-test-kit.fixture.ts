// What the verify tests share: a fresh library on disk, and an "original" image made by a stand-in from a real
// corpus image's recipe (at a small size, so four compares per run stay quick on two cores). An original made by
// the same pipeline is what a "reproduces: yes" needs; the corpus file itself is the "does not reproduce" case.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareImageFiles } from '../compare/compare-files';
import { indexFolders } from '../library/indexer';
import { type Library, openLibrary } from '../library/library';
import { writeFileAtomic } from '../records/atomic-write';
import type { GeneratorClient } from './generator-client';
import { planVerifyRequest } from './verify-request';
import { runVerification, type VerifyRunOptions, verifyFolderFor } from './verify-run';

export const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
export const A1111_IMAGE = path.join(CORPUS, 'a1111', 'metahub_cli_a1111.png');
export const COMFY_IMAGE = path.join(CORPUS, 'comfyui', 'metahub_cli_comfyui.png');
/** metahub_cli_comfyui.png's checkpoint, so the stand-in has what the graph loads. */
export const COMFY_CHECKPOINT = 'sd_xl_base_1.0.safetensors';

export interface TestLibrary {
  dir: string;
  images: string;
  library: Library;
  cleanup(): void;
}

export function freshLibrary(prefix: string): TestLibrary {
  const dir = mkdtempSync(path.join(tmpdir(), `seedscope-${prefix}-`));
  const images = path.join(dir, 'images');
  mkdirSync(images);
  const library = openLibrary(path.join(dir, 'library.sqlite'));
  return {
    dir,
    images,
    library,
    cleanup: () => {
      library.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Copies a corpus file into the library's image folder (corpus files are never touched) and indexes it. */
export async function indexedCopy(
  t: TestLibrary,
  corpusFile: string,
  name: string,
): Promise<{ path: string; imageId: number }> {
  const target = path.join(t.images, name);
  copyFileSync(corpusFile, target);
  return indexTarget(t, target);
}

async function indexTarget(t: TestLibrary, target: string): Promise<{ path: string; imageId: number }> {
  t.library.addFolder(t.images);
  await indexFolders(t.library, [t.images], { workers: 1 });
  const detail = t.library.imageByPath(target);
  if (!detail) throw new Error(`${target} was not indexed`);
  return { path: target, imageId: detail.id };
}

/** Runs the corpus image's recipe once on the stand-in at 96x128 and keeps the output as an indexed original. */
export async function standInOriginal(
  t: TestLibrary,
  client: GeneratorClient,
  corpusFile: string,
  name: string,
): Promise<{ path: string; imageId: number }> {
  const { request } = await planVerifyRequest(corpusFile, client.kind);
  if (request.kind === 'a1111') Object.assign(request.payload, { width: 96, height: 128 });
  else
    for (const node of Object.values(request.graph))
      if (node.class_type === 'EmptyLatentImage') Object.assign(node.inputs, { width: 96, height: 128 });
  await client.prepare(request);
  const image = await client.generate(request);
  const target = path.join(t.images, name);
  await writeFileAtomic(target, image.png);
  return indexTarget(t, target);
}

export function verify(t: TestLibrary, options: Omit<VerifyRunOptions, 'library' | 'compare'>) {
  return runVerification({ ...options, library: t.library, compare: (a, b) => compareImageFiles(a, b) });
}

/** Every file under the library's verify folder (what a cancelled or failed run must not leave behind). */
export function verifyOutputs(t: TestLibrary): string[] {
  const root = verifyFolderFor(t.library.dbPath);
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

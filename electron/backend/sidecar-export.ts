// records.export for the app: sidecars for a selection of indexed images, written into an export folder (the
// cache's `exports/<time>/` unless the person chose one), never beside the originals: Seedscope does not write
// into indexed folders. One image failing is listed and the rest go on. Each record comes from the library's row
// (tuple, raw metadata, hashes); the file is decoded only when the row lacks its pixel pass or the file changed.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExportSummary, SidecarDownload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { SidecarFormat } from '../../shared/sidecar';
import { LazyDigests } from '../library/lazy-digests';
import type { Library } from '../library/library';
import { exportIndexedSidecars } from '../records/export-sidecars';
import { ModelCatalog } from '../records/model-catalog';
import { storedZip } from '../records/stored-zip';
import { writeFileAtomic } from '../records/atomic-write';
import { containedRegularFile, folderHolding } from './folder-containment';

/** Where one download's files live in the cache; the media route serves the one file under `out/`. */
export function downloadFolder(cacheFolder: string, downloadId: string): string {
  return path.join(cacheFolder, 'downloads', downloadId);
}

export class SidecarExport {
  private readonly models: ModelCatalog;
  private readonly digests: LazyDigests;

  constructor(private readonly library: Library) {
    this.digests = new LazyDigests(library.db);
    // The library's model snapshots, so a record names the local model file as `seedscope export` does.
    this.models = new ModelCatalog(library.db);
  }

  /**
   * The sidecars as one file for a browser to download: written into `downloads/<id>/files/`, then the single
   * sidecar or a stored zip of all of them copied to `downloads/<id>/out/` (what the media route serves).
   */
  async download(imageIds: number[], format: SidecarFormat): Promise<Result<SidecarDownload>> {
    const downloadId = randomBytes(16).toString('hex');
    const folder = downloadFolder(this.library.cacheFolder, downloadId);
    const exported = await this.export(imageIds, format, path.join(folder, 'files'));
    if (!exported.ok) return exported;
    const { written, failed } = exported.value;
    if (written.length === 0)
      return fail('nothing-exported', failed.map((f) => f.message).join(' ') || 'Nothing to export.');
    const fileName =
      written.length === 1 ? path.basename(written[0]) : `seedscope-${format}-${written.length}-sidecars.zip`;
    const bytes =
      written.length === 1
        ? await fs.readFile(written[0])
        : storedZip(
            await Promise.all(
              written.map(async (file) => ({ name: path.basename(file), data: await fs.readFile(file) })),
            ),
          );
    await fs.mkdir(path.join(folder, 'out'), { recursive: true });
    await writeFileAtomic(path.join(folder, 'out', fileName), bytes);
    return ok({ downloadId, fileName, files: written.length, failed });
  }

  async export(imageIds: number[], format: SidecarFormat, outDir: string | null): Promise<Result<ExportSummary>> {
    const target =
      outDir ?? path.join(this.library.cacheFolder, 'exports', new Date().toISOString().replace(/[:.]/g, '-'));
    if (!path.isAbsolute(target)) return fail('bad-argument', `${target}: give an absolute folder for the export.`);
    const roots = this.library.folders().map((f) => f.path);
    // By real path: a symlinked export folder pointing into an indexed folder is inside it (issue #18).
    const indexedRoot = await folderHolding(target, roots);
    if (indexedRoot) {
      return fail(
        'inside-library',
        `${target} is inside the indexed folder ${indexedRoot}; Seedscope never writes into your image folders. Pick another export folder.`,
      );
    }
    const summary: ExportSummary = { written: [], failed: [] };
    for (const imageId of imageIds) {
      const image = this.library.image(imageId);
      if (!image) {
        summary.failed.push({ imageId, message: `Image ${imageId} is no longer in the library.` });
        continue;
      }
      // The row's path is read only when it is a regular file inside an indexed folder, as the media route checks.
      const contained = await containedRegularFile(image.path, roots);
      if (!contained.ok) {
        summary.failed.push({
          imageId,
          message: `${image.path}: ${contained.reason === 'missing' ? 'the file is gone or offline; rescan its folder' : 'not a regular file inside an indexed folder'} (not exported).`,
        });
        continue;
      }
      const marks = { favourite: image.favourite, rating: image.rating, tags: image.tags };
      const outcomes = await exportIndexedSidecars(image, [format], {
        outDir: target,
        models: this.models,
        marks,
        // The index leaves the file's SHA-256 to the first export that needs it; kept from then on.
        onRowDigests: (record) => this.digests.storeFromRecord(image, record),
      });
      for (const outcome of outcomes) {
        if (outcome.ok) summary.written.push(outcome.path);
        else summary.failed.push({ imageId, message: outcome.message });
      }
    }
    return ok(summary);
  }
}

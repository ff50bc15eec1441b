// records.export for the app: sidecars for a selection of indexed images, written into an export folder (the
// cache's `exports/<time>/` unless the person chose one), never beside the originals: Seedscope does not write
// into indexed folders. One image failing is listed and the rest go on.
import * as path from 'node:path';
import type { ExportSummary } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { SidecarFormat } from '../../shared/sidecar';
import type { Library } from '../library/library';
import { exportSidecars } from '../records/export-sidecars';
import { isInsideFolder } from './folder-containment';

export class SidecarExport {
  constructor(private readonly library: Library) {}

  async export(imageIds: number[], format: SidecarFormat, outDir: string | null): Promise<Result<ExportSummary>> {
    const target = outDir ?? path.join(this.library.cacheFolder, 'exports', new Date().toISOString().replace(/[:.]/g, '-'));
    if (!path.isAbsolute(target)) return fail('bad-argument', `${target}: give an absolute folder for the export.`);
    const indexedRoot = this.library.folders().find((f) => isInsideFolder(f.path, target));
    if (indexedRoot) {
      return fail('inside-library', `${target} is inside the indexed folder ${indexedRoot.path}; Seedscope never writes into your image folders. Pick another export folder.`);
    }
    const summary: ExportSummary = { written: [], failed: [] };
    for (const imageId of imageIds) {
      const image = this.library.image(imageId);
      if (!image) {
        summary.failed.push({ imageId, message: `Image ${imageId} is no longer in the library.` });
        continue;
      }
      const outcomes = await exportSidecars(image.path, [format], { outDir: target });
      for (const outcome of outcomes) {
        if (outcome.ok) summary.written.push(outcome.path);
        else summary.failed.push({ imageId, message: outcome.message });
      }
    }
    return ok(summary);
  }
}

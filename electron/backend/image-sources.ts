// Where an image's bytes may come from, and nowhere else: an indexed image (inside an indexed folder, checked by
// real path), an upload (the cache, by random id), a heatmap (the cache, by compare id), a thumbnail (the cache's
// thumbs folder), or, in the desktop app only, a path the person dropped. Every answer names the file and what
// to do when it cannot be served.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImageRef, MediaKind, MediaPath } from '../../shared/contract';
import { mediaPath } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { ImageFormat } from '../../shared/tuple';
import type { Library } from '../library/library';
import { sniffFormat } from '../metadata/sniff-format';
import { downloadFolder } from './sidecar-export';
import { containedRegularFile } from './folder-containment';
import type { UploadStore } from './upload-store';

export interface ResolvedImage {
  path: string;
  fileName: string;
  /** Same-origin URL path that shows it, null for a desktop drop outside the library. */
  mediaPath: MediaPath | null;
  imageId: number | null;
}

export interface MediaFile {
  path: string;
  size: number;
  contentType: string;
  /** Set for a sidecar download: the transport sends it as an attachment under this name. */
  downloadName?: string;
}

const DOWNLOAD_ID = /^[0-9a-f]{32}$/;
const DOWNLOAD_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.xmp': 'application/rdf+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
};

const MIME: Partial<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};
const COMPARE_ID = /^[0-9a-f]{32}$/;

export function heatmapPathFor(cacheFolder: string, compareId: string): string {
  return path.join(cacheFolder, 'heatmaps', `${compareId}.png`);
}

async function sniffContentType(file: string): Promise<string | null> {
  const handle = await fs.open(file, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const head = Buffer.alloc(32);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return MIME[sniffFormat(head.subarray(0, bytesRead))] ?? null;
  } finally {
    await handle.close();
  }
}

export class ImageSources {
  constructor(
    private readonly library: Library,
    private readonly uploads: UploadStore,
    private readonly cacheFolder: string,
    private readonly mode: 'desktop' | 'web',
  ) {}

  private folderRoots(): string[] {
    return this.library.folders().map((f) => f.path);
  }

  async resolveRef(ref: ImageRef): Promise<Result<ResolvedImage>> {
    if (ref.kind === 'indexed') return this.resolveIndexed(ref.imageId);
    if (ref.kind === 'upload') {
      const upload = await this.uploads.find(ref.uploadId);
      if (!upload)
        return fail(
          'not-found',
          'That uploaded file is gone (uploads are kept for a day, or the server restarted). Drop the file again.',
        );
      return ok({
        path: upload.path,
        fileName: upload.fileName,
        mediaPath: mediaPath('upload', ref.uploadId),
        imageId: null,
      });
    }
    return this.resolvePath(ref.path);
  }

  private async resolveIndexed(imageId: number): Promise<Result<ResolvedImage>> {
    const image = this.library.image(imageId);
    if (!image)
      return fail('not-found', `Image ${imageId} is not in the library (a rescan may have removed it). Search again.`);
    const file = await containedRegularFile(image.path, this.folderRoots());
    if (!file.ok) {
      return fail(
        file.reason === 'missing' ? 'file-missing' : 'outside-library',
        `${image.path}: ${file.reason === 'missing' ? 'the file is gone or its drive is not mounted; reconnect it or rescan the folder' : 'not a regular file inside an indexed folder'}.`,
      );
    }
    return ok({
      path: file.path,
      fileName: path.basename(image.path),
      mediaPath: mediaPath('image', imageId),
      imageId,
    });
  }

  private async resolvePath(candidate: string): Promise<Result<ResolvedImage>> {
    if (!path.isAbsolute(candidate)) return fail('bad-argument', `${candidate}: give an absolute path.`);
    const known = this.library.imageByPath(candidate);
    if (known) return this.resolveIndexed(known.id);
    // In web mode the browser may sit on another machine: it gets files of the indexed folders, nothing else.
    if (this.mode === 'web') {
      return fail(
        'outside-library',
        `${candidate}: the web mode only opens images inside indexed folders. Drag the file into the page instead (it is uploaded), or add its folder.`,
      );
    }
    const stat = await fs.lstat(candidate).catch(() => null);
    if (!stat) return fail('file-missing', `${candidate}: no such file. Was it moved or deleted?`);
    if (!stat.isFile()) return fail('not-a-file', `${candidate}: not a regular file. Drop an image file.`);
    if ((await sniffContentType(candidate)) === null)
      return fail('not-an-image', `${candidate}: not a PNG, JPEG, WebP or AVIF image.`);
    return ok({ path: candidate, fileName: path.basename(candidate), mediaPath: null, imageId: null });
  }

  async mediaFile(kind: MediaKind, id: string): Promise<Result<MediaFile>> {
    const notFound = fail('not-found', `No ${kind} "${id}". Reload the page; the item may have been removed.`);
    let file: string | null = null;
    let size = 0;
    if (kind === 'image' || kind === 'thumb') {
      if (!/^\d{1,15}$/.test(id)) return notFound;
      const image = this.library.image(Number(id));
      if (!image) return notFound;
      if (kind === 'image') {
        const contained = await containedRegularFile(image.path, this.folderRoots());
        if (!contained.ok)
          return fail(
            contained.reason === 'outside' ? 'outside-library' : 'not-found',
            `${image.path}: ${contained.reason === 'missing' ? 'the file is gone or offline; rescan its folder' : 'not served (outside the indexed folders)'}.`,
          );
        file = contained.path;
        size = contained.size;
      } else {
        if (!image.thumbnailPath)
          return fail(
            'not-found',
            `${image.path}: no thumbnail yet (its pixels are still being indexed, or failed: ${image.pixelError ?? 'pending'}).`,
          );
        const contained = await containedRegularFile(image.thumbnailPath, [path.join(this.cacheFolder, 'thumbs')]);
        // Indexed, but the cache lost the file (cleared, another machine's copy): library.rebuildThumbnail remakes it.
        if (!contained.ok)
          return fail(
            contained.reason === 'missing' ? 'thumbnail-missing' : 'not-found',
            contained.reason === 'missing'
              ? `${image.path}: thumbnail missing from the cache (${image.thumbnailPath}); it can be made again from the image.`
              : `${image.path}: its thumbnail is not served (outside the cache's thumbs folder).`,
          );
        file = contained.path;
        size = contained.size;
      }
    } else if (kind === 'heatmap') {
      if (!COMPARE_ID.test(id)) return notFound;
      const contained = await containedRegularFile(heatmapPathFor(this.cacheFolder, id), [
        path.join(this.cacheFolder, 'heatmaps'),
      ]);
      if (!contained.ok) return notFound;
      file = contained.path;
      size = contained.size;
    } else if (kind === 'download') {
      // Not an image: served as an attachment with its own type, and only from the cache's downloads folder.
      if (!DOWNLOAD_ID.test(id)) return notFound;
      const out = path.join(downloadFolder(this.cacheFolder, id), 'out');
      const names = await fs.readdir(out).catch(() => [] as string[]);
      if (names.length !== 1) return notFound;
      const contained = await containedRegularFile(path.join(out, names[0]), [out]);
      if (!contained.ok) return notFound;
      const contentType = DOWNLOAD_TYPES[path.extname(names[0]).toLowerCase()] ?? 'application/octet-stream';
      return ok({ path: contained.path, size: contained.size, contentType, downloadName: names[0] });
    } else {
      const upload = await this.uploads.find(id);
      if (!upload) return notFound;
      const stat = await fs.lstat(upload.path);
      file = upload.path;
      size = stat.size;
    }
    const contentType = await sniffContentType(file);
    if (!contentType) return fail('not-an-image', `${file}: not an image the app can show.`);
    return ok({ path: file, size, contentType });
  }
}

// Where each sidecar goes. The names follow the tools that read them:
// - `cat.png.xmp`: darktable and digiKam look for `<file name>.xmp` (the full name, so cat.png and cat.jpg keep
//   separate sidecars); exiftool reads it under any name.
// - `cat.txt`: A1111's `save_txt` option writes `<stem>.txt`, and the browsers that read A1111 sidecars (Infinite
//   Image Browsing `get_img_geninfo_txt_path`) look for exactly that name.
// - `cat.png.seedscope.json`: ours; the full file name keeps cat.png and cat.webp apart.
import * as path from 'node:path';
import type { SidecarFormat } from '../../shared/sidecar';

const SUFFIX: Record<SidecarFormat, string> = { json: '.seedscope.json', xmp: '.xmp', txt: '.txt' };

/** The sidecar path for `imagePath`: beside the image, or in `outDir` when given. */
export function sidecarPathFor(imagePath: string, format: SidecarFormat, outDir?: string): string {
  const dir = outDir ?? path.dirname(imagePath);
  const name = path.basename(imagePath);
  const base = format === 'txt' ? name.slice(0, name.length - path.extname(name).length) || name : name;
  return path.join(dir, base + SUFFIX[format]);
}

// The server's folders, for picking one to add from a browser on another machine, limited to the roots the
// person allowed with `seedscope serve --root DIR` (none: no browsing, a typed path still works). Containment is
// checked on real paths, so a symlink inside a root that points elsewhere is not followed out of it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FolderListing } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import { isInsideFolder } from './folder-containment';

/** A folder with more subfolders than this lists the first ones, sorted; the path field reaches the rest. */
export const MAX_LISTED = 500;

export class FolderBrowser {
  constructor(private readonly roots: readonly string[]) {}

  private async realRoots(): Promise<string[]> {
    const reals = await Promise.all(this.roots.map((root) => fs.realpath(root).catch(() => null)));
    return reals.filter((r): r is string => r !== null);
  }

  async list(folder: string | null): Promise<Result<FolderListing>> {
    if (this.roots.length === 0) {
      return fail(
        'no-browse-roots',
        'Browsing is off: start the server with `seedscope serve --root DIR` (repeatable) to pick folders under DIR here, or type the folder path.',
      );
    }
    const roots = await this.realRoots();
    if (folder === null) {
      return ok({
        path: null,
        parent: null,
        roots,
        folders: roots.map((r) => ({ name: r, path: r })),
        truncated: false,
      });
    }
    if (!path.isAbsolute(folder)) return fail('bad-argument', `${folder}: give an absolute path.`);
    const real = await fs.realpath(folder).catch(() => null);
    if (real === null) return fail('folder-missing', `${folder}: no such folder.`);
    const root = roots.find((r) => isInsideFolder(r, real));
    if (!root)
      return fail('outside-roots', `${folder} is outside the folders this server may browse (${roots.join(', ')}).`);
    const entries = await fs.readdir(real, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => err);
    if (entries instanceof Error)
      return fail('unreadable-folder', `${real}: cannot list it (${entries.code ?? entries.message}).`);
    // Symlinks are not listed: a link is where a walk leaves the allowed tree, and the indexer skips them too.
    const names = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b));
    return ok({
      path: real,
      parent: real === root ? null : path.dirname(real),
      roots,
      folders: names.slice(0, MAX_LISTED).map((name) => ({ name, path: path.join(real, name) })),
      truncated: names.length > MAX_LISTED,
    });
  }
}

// The rescan figures measure a rescan, not an index run: the indexed state of a folder of tiny files is written
// straight into the database. The rows carry today's reader version, or the rescan would re-read them all
// (electron/library/README.md, "Reader fixes reach existing libraries").
import { walkImageFiles } from '../electron/library/folder-walk';
import type { Library } from '../electron/library/library';
import { METADATA_READER_VERSION } from '../electron/metadata/reader-version';

/** Adds `folder` to the library with a row per image file under it, as a finished index run leaves them. */
export async function insertUnchangedRows(library: Library, folder: string): Promise<void> {
  const folderId = library.addFolder(folder).id;
  const walked = await walkImageFiles(folder);
  const insert =
    library.db.prepare(`INSERT INTO images (folder_id, path, size, mtime_ms, created_at, timeline, added_at, format, pixel_state, reader_version)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'png', 'done', ${METADATA_READER_VERSION})`);
  library.db.transaction(() => {
    for (const f of walked.files)
      insert.run(
        folderId,
        f.path,
        f.size,
        f.mtimeMs,
        f.mtimeMs,
        library.writer.allocateTimeline(f.mtimeMs),
        Date.now(),
      );
  })();
}

// Pick a folder on the server (web mode on a remote GPU box): the `serve --root` folders and their subfolders,
// one level at a time. Choosing one fills the path field; the server re-checks it when it is added.
import { useEffect, useState } from 'react';
import type { FolderListing } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';

export function FolderPicker({ onPick, onClose }: { onPick: (path: string) => void; onClose: () => void }) {
  const api = useApi();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const open = async (folder: string | null): Promise<void> => {
    const r = await api.request('library.browseFolders', { path: folder });
    if (r.ok) {
      setListing(r.value);
      setError(null);
    } else setError(r.error);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the roots, once when the picker opens
  useEffect(() => {
    void open(null);
  }, []);

  return (
    <div
      className="folder-picker"
      role="dialog"
      aria-label="Pick a folder on the server"
      data-testid="folder-picker"
      data-path={listing?.path ?? ''}
    >
      <div className="folder-picker-head">
        <span className="mono" title={listing?.path ?? 'the folders this server allows'}>
          {listing?.path ?? 'Allowed folders'}
        </span>
        <button type="button" onClick={onClose} aria-label="Close the folder picker">
          ✕
        </button>
      </div>
      {error && <ErrorNotice action="Listing the server's folders" error={error} />}
      {listing && (
        <ul className="folder-picker-list">
          {listing.path !== null && (
            <li>
              <button type="button" onClick={() => void open(listing.parent)} data-testid="picker-up">
                ↑ {listing.parent ?? 'allowed folders'}
              </button>
            </li>
          )}
          {listing.folders.map((f) => (
            <li key={f.path}>
              <button type="button" onClick={() => void open(f.path)} data-testid="picker-folder" title={f.path}>
                ▸ {f.name}
              </button>
            </li>
          ))}
          {listing.folders.length === 0 && <li className="dim">No subfolders.</li>}
          {listing.truncated && <li className="dim">More subfolders than shown: type the path.</li>}
        </ul>
      )}
      {listing?.path && (
        <button
          type="button"
          className="primary"
          onClick={() => onPick(listing.path as string)}
          data-testid="picker-choose"
        >
          Use this folder
        </button>
      )}
    </div>
  );
}

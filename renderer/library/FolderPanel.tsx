// Folders: add (a path typed, or picked from the server's `--root` folders in web mode), remove, watch, rescan,
// each with its live indexing progress.
import { memo, useEffect, useState } from 'react';
import type { FolderView } from '../../shared/contract';
import type { IndexSummary, JobProgress } from '../../shared/library';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { fileNameOf, formatDate } from './format';
import { FolderPicker } from './FolderPicker';
import { JobProgressBar } from './JobProgressBar';

interface Props {
  /** Called whenever the library's images changed (indexed, watched, removed). */
  onLibraryChanged: () => void;
}

interface FinishedJob {
  jobId: string;
  summary: IndexSummary | null;
  error: AppError | null;
}

// Memoized: the library view renders again with every page of rows that arrives, and these props stay the same.
export const FolderPanel = memo(function FolderPanel({ onLibraryChanged }: Props) {
  const api = useApi();
  const [folders, setFolders] = useState<FolderView[] | null>(null);
  const [path, setPath] = useState('');
  const [watch, setWatch] = useState(true);
  const [jobs, setJobs] = useState<Record<string, JobProgress>>({});
  const [jobFolder, setJobFolder] = useState<Record<string, number | null>>({});
  const [finished, setFinished] = useState<FinishedJob[]>([]);
  const [error, setError] = useState<{ action: string; error: AppError } | null>(null);
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);

  const loadFolders = async (): Promise<void> => {
    const r = await api.request('library.listFolders', {});
    if (r.ok) setFolders(r.value);
    else setError({ action: 'Listing the library folders', error: r.error });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribe once per client; the callbacks read state through setters
  useEffect(() => {
    void loadFolders();
    const stops = [
      api.subscribe('job.progress', (p) => {
        setJobs((j) => ({ ...j, [p.jobId]: p }));
        // The indexer commits rows as it goes: the grid fills while a folder indexes, not only at the end (the
        // library view throttles these refreshes).
        if (p.done > 0) onLibraryChanged();
      }),
      api.subscribe('job.finished', (f) => {
        setJobs((j) => {
          const next = { ...j };
          delete next[f.jobId];
          return next;
        });
        setFinished((list) => [f, ...list.filter((x) => x.jobId !== f.jobId)].slice(0, 5));
        void loadFolders();
        onLibraryChanged();
      }),
      api.subscribe('library.changed', () => {
        void loadFolders();
        onLibraryChanged();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, [api]);

  const add = async (): Promise<void> => {
    const p = path.trim();
    if (!p) return;
    setBusy(true);
    const r = await api.request('library.addFolder', { path: p, watch });
    setBusy(false);
    if (!r.ok) {
      setError({ action: `Adding the folder ${p}`, error: r.error });
      return;
    }
    setError(null);
    // Keep what the person typed while this request ran (the next folder): clear only the path just added.
    setPath((current) => (current.trim() === p ? '' : current));
    setJobFolder((m) => ({ ...m, [r.value.jobId]: r.value.folder.id }));
    await loadFolders();
    onLibraryChanged();
  };

  const remove = async (folder: FolderView): Promise<void> => {
    const r = await api.request('library.removeFolder', { folderId: folder.id });
    if (!r.ok) setError({ action: `Removing the folder ${folder.path}`, error: r.error });
    await loadFolders();
    onLibraryChanged();
  };

  const toggleWatch = async (folder: FolderView, next: boolean): Promise<void> => {
    // Shown at once; the answer (or the failure) sets the real state.
    const setWatching = (id: number, watching: boolean): void =>
      setFolders((list) => (list ?? []).map((f) => (f.id === id ? { ...f, watching } : f)));
    setWatching(folder.id, next);
    const r = await api.request('library.setWatch', { folderId: folder.id, watch: next });
    if (r.ok) {
      setWatching(folder.id, r.value.watching);
    } else {
      setWatching(folder.id, folder.watching);
      setError({ action: `${next ? 'Watching' : 'Unwatching'} ${folder.path}`, error: r.error });
    }
  };

  const rescan = async (folderId: number | null): Promise<void> => {
    const r = await api.request('library.rescan', { folderId });
    if (r.ok) setJobFolder((m) => ({ ...m, [r.value.jobId]: folderId }));
    else setError({ action: 'Rescanning', error: r.error });
  };

  const cancel = async (jobId: string): Promise<void> => {
    const r = await api.request('jobs.cancel', { jobId });
    if (!r.ok) setError({ action: 'Cancelling the job', error: r.error });
  };

  const jobsFor = (folderId: number | null): JobProgress[] =>
    Object.values(jobs).filter((j) => (jobFolder[j.jobId] ?? null) === folderId);

  return (
    <section aria-label="Folders" data-testid="folder-panel" data-ready={folders !== null}>
      <h2>Folders</h2>
      <form
        className="folder-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/path/to/outputs"
          aria-label="Folder path to add"
          data-testid="folder-path-input"
          spellCheck={false}
        />
        <button
          type="button"
          onClick={() => setPicking((p) => !p)}
          data-testid="folder-browse"
          title="Pick a folder on the machine running Seedscope"
        >
          Browse…
        </button>
        <button type="submit" className="primary" disabled={busy || !path.trim()} data-testid="folder-add">
          Add
        </button>
      </form>
      {picking && (
        <FolderPicker
          onPick={(picked) => {
            setPath(picked);
            setPicking(false);
          }}
          onClose={() => setPicking(false)}
        />
      )}
      <label
        className="dim"
        style={{ fontSize: 11, display: 'flex', gap: 4, alignItems: 'center', margin: '4px 0 8px' }}
      >
        <input type="checkbox" checked={watch} onChange={(e) => setWatch(e.target.checked)} /> watch for new images
      </label>
      {error && <ErrorNotice action={error.action} error={error.error} onDismiss={() => setError(null)} />}
      <ul className="folder-list" data-testid="folder-list">
        {(folders ?? []).map((f) => (
          <li key={f.id} className="folder" data-testid="folder" data-folder-id={f.id}>
            <div className="folder-path" title={f.path}>
              {f.path}
            </div>
            <div className="folder-meta">
              <span data-testid="folder-count">{f.imageCount} images</span>
              {!f.online && <span className="pill bad">offline</span>}
              {f.lastScanAt !== null && <span title="Last completed scan">{formatDate(f.lastScanAt)}</span>}
              <span className="spacer" />
              <label title="Index new and changed images as they appear">
                <input type="checkbox" checked={f.watching} onChange={(e) => void toggleWatch(f, e.target.checked)} />{' '}
                watch
              </label>
              <button type="button" onClick={() => void rescan(f.id)} title="Look for new, changed and removed files">
                Rescan
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => void remove(f)}
                title="Forget this folder's images (files are not touched)"
              >
                Remove
              </button>
            </div>
            {jobsFor(f.id).map((j) => (
              <JobProgressBar key={j.jobId} job={j} onCancel={() => void cancel(j.jobId)} />
            ))}
          </li>
        ))}
      </ul>
      {folders !== null && folders.length === 0 && (
        <p className="dim">No folders yet. Type the path of a folder of generated images and press Add.</p>
      )}
      {jobsFor(null).map((j) => (
        <JobProgressBar key={j.jobId} job={j} onCancel={() => void cancel(j.jobId)} />
      ))}
      {folders !== null && folders.length > 1 && (
        <button type="button" onClick={() => void rescan(null)} style={{ marginTop: 6 }}>
          Rescan all
        </button>
      )}
      {finished.map((f) => {
        const folderId = jobFolder[f.jobId];
        const folder =
          folderId === undefined || folderId === null ? null : (folders ?? []).find((x) => x.id === folderId);
        return <JobReport key={f.jobId} job={f} folderPath={folder?.path ?? null} />;
      })}
    </section>
  );
});

function JobReport({ job, folderPath }: { job: FinishedJob; folderPath: string | null }) {
  if (job.error) return <ErrorNotice action={folderPath ? `Indexing ${folderPath}` : 'Indexing'} error={job.error} />;
  const s = job.summary;
  if (!s) return null;
  return (
    <div className="dim" style={{ fontSize: 11, marginTop: 6 }} data-testid="job-summary">
      {folderPath && <span className="mono">{fileNameOf(folderPath)}: </span>}
      {s.cancelled ? 'Cancelled: ' : 'Indexed: '}
      {s.indexed} new/changed, {s.unchanged} unchanged, {s.pixelsDone} hashed
      {s.moved > 0 && `, ${s.moved} moved`}
      {s.removed > 0 && `, ${s.removed} removed`} in {(s.elapsedMs / 1000).toFixed(1)} s
      {s.failed.length > 0 && (
        <details>
          <summary style={{ color: 'var(--warn)' }}>{s.failed.length} files could not be indexed</summary>
          <ul className="warnings">
            {s.failed.slice(0, 50).map((p) => (
              <li key={p.path}>
                <span className="mono">{p.path}</span>: {p.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

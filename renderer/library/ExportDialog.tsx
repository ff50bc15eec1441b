// Export metadata sidecars (JSON / XMP / A1111 TXT) for one image or a selection: downloaded through the browser
// (records.download: one file, or a zip of several; what a remote GPU box's browser needs), or written by
// records.export into a folder on the machine running Seedscope (the cache's export folder unless another is
// given), never beside the originals.
import { useState } from 'react';
import type { ExportSummary, SidecarDownload, SidecarFormat } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';

const FORMATS: Array<[SidecarFormat, string]> = [
  ['json', 'JSON (everything Seedscope knows)'],
  ['xmp', 'XMP (for DAMs: digiKam, Lightroom, darktable)'],
  ['txt', 'TXT (A1111 infotext)'],
];

export function ExportDialog({ imageIds, onClose }: { imageIds: number[]; onClose: () => void }) {
  const api = useApi();
  const [format, setFormat] = useState<SidecarFormat>('json');
  const [outDir, setOutDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ExportSummary | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [download, setDownload] = useState<SidecarDownload | null>(null);

  const runDownload = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const r = await api.request('records.download', { imageIds, format });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDownload(r.value);
    // The server answers the media URL as an attachment; a link click hands it to the browser's downloads.
    const link = document.createElement('a');
    link.href = api.mediaUrl('download', r.value.downloadId);
    link.download = r.value.fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const r = await api.request('records.export', { imageIds, format, outDir: outDir.trim() || null });
    setBusy(false);
    if (r.ok) setSummary(r.value);
    else setError(r.error);
  };

  return (
    <div className="overlay" onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Export sidecars"
        onClick={(e) => e.stopPropagation()}
        data-testid="export-dialog"
      >
        <h2>
          Export sidecars for {imageIds.length} image{imageIds.length === 1 ? '' : 's'}
        </h2>
        {FORMATS.map(([value, label]) => (
          <label key={value} style={{ display: 'block', margin: '3px 0' }}>
            <input
              type="radio"
              name="sidecar-format"
              value={value}
              checked={format === value}
              onChange={() => setFormat(value)}
              data-testid={`export-format-${value}`}
            />{' '}
            {label}
          </label>
        ))}
        <div className="export-row">
          <label style={{ flex: 1, display: 'flex', flexDirection: 'column', fontSize: 11 }} className="dim">
            Folder for "Write to folder", on the machine running Seedscope (empty: Seedscope's export folder)
            <input
              value={outDir}
              onChange={(e) => setOutDir(e.target.value)}
              placeholder="/path/for/sidecars"
              data-testid="export-outdir"
              spellCheck={false}
            />
          </label>
        </div>
        {error && <ErrorNotice action="Exporting the sidecars" error={error} />}
        {download && (
          <div data-testid="download-summary" data-files={download.files} data-failed={download.failed.length}>
            <p>
              Downloaded <span className="mono">{download.fileName}</span> ({download.files} sidecar
              {download.files === 1 ? '' : 's'}
              {download.failed.length > 0 && `, ${download.failed.length} failed`}).
            </p>
            {download.failed.map((f) => (
              <ErrorNotice
                key={f.imageId}
                action={`Exporting image #${f.imageId}`}
                error={{ code: 'export', message: f.message }}
              />
            ))}
          </div>
        )}
        {summary && (
          <div data-testid="export-summary" data-written={summary.written.length} data-failed={summary.failed.length}>
            <p>
              Wrote {summary.written.length} file{summary.written.length === 1 ? '' : 's'}
              {summary.failed.length > 0 && `, ${summary.failed.length} failed`}.
            </p>
            <ul className="mono" style={{ fontSize: 11, maxHeight: 140, overflow: 'auto' }}>
              {summary.written.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
            {summary.failed.map((f) => (
              <ErrorNotice
                key={f.imageId}
                action={`Exporting image #${f.imageId}`}
                error={{ code: 'export', message: f.message }}
              />
            ))}
          </div>
        )}
        <div className="export-row">
          <button
            type="button"
            className="primary"
            onClick={() => void runDownload()}
            disabled={busy || imageIds.length === 0}
            data-testid="export-download"
            title="Save through this browser: one file, or a zip of several"
          >
            {busy ? 'Preparing…' : imageIds.length === 1 ? 'Download' : 'Download zip'}
          </button>
          <button
            type="button"
            onClick={() => void run()}
            disabled={busy || imageIds.length === 0}
            data-testid="export-run"
            title="Write into a folder on the machine running Seedscope"
          >
            Write to folder
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

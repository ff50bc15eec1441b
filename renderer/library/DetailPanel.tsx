// One image in full: preview, file facts, the tuple with origins, raw metadata, warnings, and the actions
// (copy as A1111 text, copy JSON, compare with…, export).
import { useState } from 'react';
import { formatA1111Infotext } from '../../shared/a1111-text';
import type { ImageDetail } from '../../shared/library';
import { useApi } from '../api/client';
import { copyText } from '../components/copy-text';
import { ErrorNotice } from '../components/ErrorNotice';
import { Toast } from '../components/Toast';
import { TupleView } from '../components/TupleView';
import { ReproducePanel } from '../reproduce/ReproducePanel';
import { VerifyPanel } from '../verify/VerifyPanel';
import { useRequest } from '../hooks/useRequest';
import { fileNameOf, formatBytes, formatDate } from './format';
import { GradeSection } from './GradeSection';
import { MarksEditor } from './MarksEditor';

interface Props {
  imageId: number;
  onClose: () => void;
  onCompareWith: (image: ImageDetail) => void;
  onExport: (imageIds: number[]) => void;
  /** Opens the full-screen viewer on this image. */
  onView?: (image: ImageDetail) => void;
  onSimilar: (image: ImageDetail) => void;
}

export function DetailPanel({ imageId, onClose, onCompareWith, onExport, onView, onSimilar }: Props) {
  const api = useApi();
  const { value: image, error, loading, reload } = useRequest('library.getImage', { imageId });
  const [toast, setToast] = useState<string | null>(null);

  const copy = async (label: string, text: string): Promise<void> => {
    setToast(
      (await copyText(text))
        ? `${label} copied to the clipboard`
        : `Copying ${label} failed: select the text and copy it by hand`,
    );
  };

  const shown = image && image.id === imageId ? image : null;
  const tuple = shown?.report.tuple ?? null;
  return (
    <aside
      className="detail"
      aria-label="Image detail"
      data-testid="detail-panel"
      data-ready={!loading && shown !== null}
      data-image-id={imageId}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
        <h2 style={{ flex: 1, margin: 0 }}>Detail</h2>
        <button type="button" onClick={onClose} aria-label="Close detail (Esc)" title="Close (Esc)">
          ✕
        </button>
      </div>
      {error && <ErrorNotice action="Loading the image's details" error={error} onRetry={reload} />}
      {shown && (
        <>
          <div className="detail-preview">
            <img src={api.mediaUrl('image', shown.id)} alt={fileNameOf(shown.path)} data-testid="detail-image" />
          </div>
          <div className="detail-file" data-testid="detail-path" title={shown.path}>
            {shown.path}
          </div>
          <div className="dim" style={{ fontSize: 11 }}>
            {shown.format.toUpperCase()} · {shown.pixelWidth ?? '?'}×{shown.pixelHeight ?? '?'} px ·{' '}
            {formatBytes(shown.size)} · {formatDate(shown.createdAt)}
            {shown.state === 'offline' && <span className="pill bad"> offline</span>}
          </div>
          <div className="detail-actions">
            <button
              type="button"
              disabled={!tuple}
              onClick={() => tuple && void copy('A1111 text', formatA1111Infotext(tuple))}
              data-testid="copy-a1111"
              title="Paste into A1111/Forge PNG Info, Civitai or SwarmUI"
            >
              Copy as A1111 text
            </button>
            <button
              type="button"
              onClick={() => void copy('JSON', JSON.stringify(shown.report, null, 2))}
              data-testid="copy-json"
            >
              Copy JSON
            </button>
            <button
              type="button"
              onClick={() => onCompareWith(shown)}
              data-testid="compare-with"
              title="Then pick the second image"
            >
              Compare with…
            </button>
            <button type="button" onClick={() => onSimilar(shown)} data-testid="show-similar">
              Near-duplicates
            </button>
            <button type="button" onClick={() => onExport([shown.id])} data-testid="export-one">
              Export sidecar…
            </button>
            {onView && (
              <button
                type="button"
                onClick={() => onView(shown)}
                data-testid="view-full"
                title="Full screen: arrows move, Esc closes (v)"
              >
                View
              </button>
            )}
          </div>
          <MarksEditor imageId={shown.id} initial={shown} />

          {shown.report.warnings.length > 0 && (
            <section>
              <h2>Warnings</h2>
              <ul className="warnings" data-testid="detail-warnings">
                {shown.report.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </section>
          )}
          {shown.pixelError && (
            <ErrorNotice action="Decoding the pixels" error={{ code: 'pixels', message: shown.pixelError }} />
          )}

          <section>
            <h2>Generation tuple</h2>
            {tuple ? (
              <TupleView tuple={tuple} />
            ) : (
              <p className="dim" data-testid="no-tuple">
                No generation parameters found in this file.
              </p>
            )}
          </section>

          <GradeSection image={shown} />

          {tuple && <ReproducePanel key={shown.id} image={{ kind: 'indexed', imageId: shown.id }} />}
          {tuple && <VerifyPanel key={`verify-${shown.id}`} image={{ kind: 'indexed', imageId: shown.id }} />}

          <section>
            <h2>Hashes</h2>
            <dl className="kv">
              <dt>pixels</dt>
              <dd data-testid="pixel-sha">
                {shown.pixelSha256 ?? (shown.pixelState === 'pending' ? 'pending…' : '—')}
              </dd>
              <dt>RGB</dt>
              <dd data-testid="rgb-sha">
                {shown.rgbSha256 ??
                  (shown.pixelSha256 ? 'not computed yet (on export, or when its group disagrees)' : '—')}
              </dd>
              <dt>file</dt>
              <dd data-testid="file-sha">{shown.fileSha256 ?? 'not computed yet (computed on export)'}</dd>
              <dt>perceptual</dt>
              <dd>{shown.perceptualHash ?? '—'}</dd>
            </dl>
          </section>

          {shown.report.c2pa && (
            <section>
              <h2>C2PA (unverified claims)</h2>
              <dl className="kv">
                <dt>generator</dt>
                <dd>{shown.report.c2pa.claimGenerator ?? '—'}</dd>
                <dt>agent</dt>
                <dd>
                  {[shown.report.c2pa.softwareAgent, shown.report.c2pa.softwareAgentVersion]
                    .filter(Boolean)
                    .join(' ') || '—'}
                </dd>
                <dt>AI generated</dt>
                <dd>{shown.report.c2pa.aiGenerated ? 'yes' : 'no'}</dd>
              </dl>
            </section>
          )}

          <section>
            <h2>Raw metadata ({shown.report.raw.length})</h2>
            {shown.report.raw.map((entry, i) => (
              <details key={i} className="raw-entry" data-testid="raw-entry">
                <summary>
                  {entry.source}{' '}
                  <span className="dim">
                    ({entry.text.length} chars{entry.truncated ? ', truncated' : ''})
                  </span>
                </summary>
                <pre className="prompt-text">{entry.text}</pre>
              </details>
            ))}
          </section>
        </>
      )}
      {toast && <Toast text={toast} onDone={() => setToast(null)} />}
    </aside>
  );
}

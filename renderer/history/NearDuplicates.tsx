// Near-duplicates of one image by perceptual hash, nearest first: re-encodes, crops, re-saves, re-runs.
import type { CompareSide } from '../compare/compare-request';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { useRequest } from '../hooks/useRequest';
import { fileNameOf } from '../library/format';

interface Props {
  target: CompareSide;
  onCompare: (a: CompareSide, b: CompareSide) => void;
}

export function NearDuplicates({ target, onCompare }: Props) {
  const api = useApi();
  const { value, error, loading, reload } = useRequest('library.similar', { image: target.ref, limit: 60 });
  return (
    <div data-testid="near-duplicates" data-ready={!loading}>
      <h2>Near-duplicates of {target.label}</h2>
      {error && <ErrorNotice action="Finding near-duplicates" error={error} onRetry={reload} />}
      {value && value.length === 0 && <p className="dim">No other image looks like this one.</p>}
      <table className="plain">
        <tbody>
          {(value ?? []).map((hit) => (
            <tr key={hit.image.id} data-testid="similar-hit" data-distance={hit.distance}>
              <td style={{ width: 60 }}>
                {hit.image.pixelState === 'done' && (
                  <img
                    src={api.mediaUrl('thumb', hit.image.id)}
                    alt=""
                    style={{ width: 56, height: 56, objectFit: 'contain' }}
                    loading="lazy"
                  />
                )}
              </td>
              <td>
                <div className="mono" style={{ fontSize: 11 }}>
                  {fileNameOf(hit.image.path)}
                </div>
                <div className="dim" style={{ fontSize: 11 }}>
                  {hit.samePixels ? 'same pixels' : `${hit.distance} bits apart`} · {hit.image.generator ?? 'unknown'} ·
                  seed {hit.image.seed ?? '—'}
                </div>
              </td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    onCompare(target, {
                      ref: { kind: 'indexed', imageId: hit.image.id },
                      label: fileNameOf(hit.image.path),
                    })
                  }
                >
                  Compare
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

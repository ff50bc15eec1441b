// One reproducibility group: images that share a generation tuple, and whether their pixels agree.
import { useState } from 'react';
import type { ReproGroup } from '../../shared/library';
import type { CompareSide } from '../compare/compare-request';
import { useApi } from '../api/client';
import { fileNameOf } from '../library/format';

interface Props {
  group: ReproGroup;
  onCompare: (a: CompareSide, b: CompareSide) => void;
  onSimilar: (side: CompareSide) => void;
}

export function GroupCard({ group, onCompare, onSimilar }: Props) {
  const api = useApi();
  const [picked, setPicked] = useState<number[]>([]);
  const side = (id: number, path: string): CompareSide => ({
    ref: { kind: 'indexed', imageId: id },
    label: fileNameOf(path),
  });
  const alphaOnly = !group.pixelsAgree && group.distinctRgbHashes === 1;

  const pick = (index: number): void => {
    const next = picked.includes(index) ? picked.filter((i) => i !== index) : [...picked, index].slice(-2);
    setPicked(next);
    if (next.length === 2) {
      const [x, y] = next.map((i) => group.images[i]);
      onCompare(side(x.id, x.path), side(y.id, y.path));
      setPicked([]);
    }
  };

  // The pair worth comparing is the first whose pixels differ; summaries carry no pixel hash, so ask for the
  // details of the first few images (a group is a handful of re-runs, not thousands).
  const compareFirstDifferingPair = async (): Promise<void> => {
    const imgs = group.images.slice(0, 24);
    if (imgs.length < 2) return;
    const details = await Promise.all(imgs.map((img) => api.request('library.getImage', { imageId: img.id })));
    const hashes = details.map((d) => (d.ok ? d.value.pixelSha256 : null));
    for (let j = 1; j < imgs.length; j += 1) {
      if (hashes[0] && hashes[j] && hashes[j] !== hashes[0]) {
        onCompare(side(imgs[0].id, imgs[0].path), side(imgs[j].id, imgs[j].path));
        return;
      }
    }
    onCompare(side(imgs[0].id, imgs[0].path), side(imgs[1].id, imgs[1].path));
  };

  const params = [
    group.model,
    group.seed && `seed ${group.seed}`,
    group.samplerId,
    group.schedulerId,
    group.steps !== null && `${group.steps} steps`,
    group.cfg !== null && `cfg ${group.cfg}`,
    group.width !== null && group.height !== null && `${group.width}×${group.height}`,
  ].filter(Boolean);

  return (
    <div
      className={`group${group.pixelsAgree ? '' : ' disagree'}`}
      data-testid="repro-group"
      data-agree={group.pixelsAgree}
    >
      <div className="group-head">
        {group.pixelsAgree ? (
          <span className="pill ok">pixels agree</span>
        ) : alphaOnly ? (
          <span
            className="pill warn"
            title="Same colour, different alpha: a tool rewrote the alpha channel (e.g. stealth metadata)"
          >
            alpha differs only
          </span>
        ) : (
          <span className="pill bad">{group.distinctPixelHashes} different pixel results</span>
        )}
        <strong>{group.count} images</strong>
        <span className="mono dim" style={{ fontSize: 11 }}>
          {params.join(' · ')}
        </span>
        <span style={{ flex: 1 }} />
        {!group.pixelsAgree && group.images.length >= 2 && (
          <button
            type="button"
            onClick={() => void compareFirstDifferingPair()}
            data-testid="group-compare"
            title="Compare two images of this group whose pixels differ"
          >
            Compare
          </button>
        )}
      </div>
      {group.promptPreview && (
        <div
          className="dim"
          style={{ fontSize: 11, marginTop: 3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          title={group.promptPreview}
        >
          {group.promptPreview}
        </div>
      )}
      <div className="strip">
        {group.images.map((img, i) => (
          <button
            type="button"
            key={img.id}
            className={picked.includes(i) ? 'sel' : undefined}
            onClick={() => pick(i)}
            onContextMenu={(e) => {
              e.preventDefault();
              onSimilar(side(img.id, img.path));
            }}
            title={`${fileNameOf(img.path)} — click two to compare, right-click for near-duplicates`}
            data-testid="group-image"
          >
            {img.pixelState === 'done' ? (
              <img src={api.mediaUrl('thumb', img.id)} alt={fileNameOf(img.path)} loading="lazy" />
            ) : (
              <span className="dim">…</span>
            )}
          </button>
        ))}
      </div>
    </div>
  );
}

// Reproducibility groups (images that share a tuple — did the pixels come out the same?), the disagreeing ones
// first, and the near-duplicates of a chosen image.
import { useMemo, useState } from 'react';
import type { CompareSide } from '../compare/compare-request';
import { ErrorNotice } from '../components/ErrorNotice';
import { useRequest } from '../hooks/useRequest';
import { GroupCard } from './GroupCard';
import { NearDuplicates } from './NearDuplicates';

interface Props {
  active: boolean;
  onCompare: (a: CompareSide, b: CompareSide) => void;
  similarTo: CompareSide | null;
  onSimilar: (side: CompareSide) => void;
}

export function GroupsPanel({ active, onCompare, similarTo, onSimilar }: Props) {
  const [onlyDisagreeing, setOnlyDisagreeing] = useState(false);
  // Loaded when first shown, and again each time the view is shown (the library may have grown).
  const { value, error, loading, reload } = useRequest(
    'library.groups',
    active ? { disagreeingOnly: onlyDisagreeing, limit: 200 } : null,
  );
  const groups = useMemo(
    () => [...(value ?? [])].sort((x, y) => Number(x.pixelsAgree) - Number(y.pixelsAgree) || y.count - x.count),
    [value],
  );
  const disagreeing = groups.filter((g) => !g.pixelsAgree).length;

  return (
    <div className="history-groups" data-testid="groups-panel" data-ready={value !== null && !loading}>
      <div className="panel">
        <div style={{ display: 'flex', gap: 10, alignItems: 'center', marginBottom: 8 }}>
          <h2 style={{ margin: 0, flex: 1 }}>
            Reproducibility groups {value && `(${groups.length}, ${disagreeing} disagree)`}
          </h2>
          <label style={{ fontSize: 12 }}>
            <input
              type="checkbox"
              checked={onlyDisagreeing}
              onChange={(e) => setOnlyDisagreeing(e.target.checked)}
              data-testid="only-disagreeing"
            />{' '}
            only where pixels disagree
          </label>
          <button type="button" onClick={reload}>
            Refresh
          </button>
        </div>
        {error && <ErrorNotice action="Loading the reproducibility groups" error={error} onRetry={reload} />}
        {value && groups.length === 0 && (
          <p className="dim" data-testid="groups-empty">
            No two images share a generation tuple{onlyDisagreeing ? ' with disagreeing pixels' : ''} yet. Re-runs of
            the same seed and parameters appear here, with whether their pixels came out the same.
          </p>
        )}
        {groups.map((g) => (
          <GroupCard key={g.tupleKey} group={g} onCompare={onCompare} onSimilar={onSimilar} />
        ))}
      </div>
      <div className="panel">
        {similarTo ? (
          <NearDuplicates key={JSON.stringify(similarTo.ref)} target={similarTo} onCompare={onCompare} />
        ) : (
          <p className="dim">
            Choose "Near-duplicates" in an image's detail panel (or right-click an image in a group) to list the images
            that look like it.
          </p>
        )}
      </div>
    </div>
  );
}

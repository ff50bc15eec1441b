// History: the generation history in time order (the timeline), the one-knob sweeps hidden in it, and the
// reproducibility groups with near-duplicates. Near-duplicates asked for from elsewhere open the groups tab.
import { useEffect, useState } from 'react';
import type { CompareSide } from '../compare/compare-request';
import { GroupsPanel } from './GroupsPanel';
import { SweepsPanel } from './SweepsPanel';
import { TimelinePanel } from './TimelinePanel';
import { VerificationsPanel } from '../verify/VerificationsPanel';

type HistoryTab = 'timeline' | 'sweeps' | 'groups' | 'verifications';
const TABS: Array<[HistoryTab, string]> = [
  ['timeline', 'Timeline'],
  ['sweeps', 'Sweeps'],
  ['groups', 'Reproducibility groups'],
  ['verifications', 'Verifications'],
];

interface Props {
  active: boolean;
  onCompare: (a: CompareSide, b: CompareSide) => void;
  similarTo: CompareSide | null;
  onSimilar: (side: CompareSide) => void;
}

export function HistoryView({ active, onCompare, similarTo, onSimilar }: Props) {
  const [tab, setTab] = useState<HistoryTab>('timeline');
  useEffect(() => {
    if (similarTo) setTab('groups');
  }, [similarTo]);
  return (
    <div className="history" data-testid="history-view" data-tab={tab}>
      <div className="history-tabs" role="tablist">
        {TABS.map(([name, label]) => (
          <button
            type="button"
            key={name}
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'on' : undefined}
            onClick={() => setTab(name)}
            data-testid={`history-tab-${name}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="history-body">
        {tab === 'timeline' && <TimelinePanel active={active} onCompare={onCompare} />}
        {tab === 'sweeps' && <SweepsPanel active={active} onCompare={onCompare} />}
        {tab === 'groups' && (
          <GroupsPanel active={active} onCompare={onCompare} similarTo={similarTo} onSimilar={onSimilar} />
        )}
        {tab === 'verifications' && <VerificationsPanel active={active} />}
      </div>
    </div>
  );
}

// The shell: the three views, the shortcuts that switch between them, and the hand-off from Library/History to
// Compare. Each view keeps its own state; only "what to compare" crosses views.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract';
import { useApi } from '../api/client';
import { HelpOverlay } from '../components/HelpOverlay';
import { useShortcuts } from '../hooks/useShortcuts';
import type { CompareRequest, CompareSide, DroppedFiles } from '../compare/compare-request';
import { CompareView } from '../compare/CompareView';
import { HistoryView } from '../history/HistoryView';
import { LibraryView } from '../library/LibraryView';

type ViewName = 'library' | 'history' | 'compare';

const VIEWS: Array<[ViewName, string, string]> = [
  ['library', 'Library', '1'],
  ['history', 'History', '2'],
  ['compare', 'Compare', '3'],
];

export function App() {
  const [view, setView] = useState<ViewName>('library');
  const [help, setHelp] = useState(false);
  const [compare, setCompare] = useState<CompareRequest | null>(null);
  const [similarTo, setSimilarTo] = useState<CompareSide | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const api = useApi();

  useEffect(() => {
    void api.request('app.info', {}).then((r) => r.ok && setInfo(r.value));
  }, [api]);

  // A file dropped anywhere else would make the browser open it in place of the app (and Electron blocks that
  // navigation): image files dropped outside Compare's own drop zones go to Compare instead.
  const [dropped, setDropped] = useState<DroppedFiles | null>(null);
  useEffect(() => {
    const onDragOver = (e: DragEvent): void => e.preventDefault();
    const onDrop = (e: DragEvent): void => {
      e.preventDefault();
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      setDropped({ files, nonce: Date.now() });
      setView('compare');
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const startCompare = (a: CompareSide, b: CompareSide): void => {
    setCompare({ a, b, nonce: Date.now() });
    setView('compare');
  };

  const showSimilar = (side: CompareSide): void => {
    setSimilarTo(side);
    setView('history');
  };

  useShortcuts({
    '1': () => setView('library'),
    '2': () => setView('history'),
    '3': () => setView('compare'),
    '?': () => setHelp((h) => !h),
    Escape: () => setHelp(false),
  });

  return (
    <div className="app" data-testid="app" data-view={view}>
      <header className="topbar">
        <div className="brand">
          Seed<span>scope</span>
        </div>
        <div className="tabs" role="tablist" aria-label="Views">
          {VIEWS.map(([name, label, key]) => (
            <button
              type="button"
              key={name}
              role="tab"
              aria-selected={view === name}
              data-testid={`tab-${name}`}
              onClick={() => setView(name)}
              title={`${label} (${key})`}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="spacer" />
        {info && (
          <span
            className="dim mono"
            style={{ fontSize: 11 }}
            title={`Library database: ${info.dbPath}`}
            data-testid="app-info"
          >
            {info.mode === 'web' ? 'web mode' : 'desktop'} · v{info.version}
          </span>
        )}
        <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" data-testid="help-button">
          <kbd>?</kbd> Shortcuts
        </button>
      </header>
      <main className="view">
        {/* Views stay mounted (hidden) so the grid keeps its scroll position and a running compare its result. */}
        <div hidden={view !== 'library'} style={{ height: '100%' }}>
          <LibraryView active={view === 'library' && !help} onCompare={startCompare} onSimilar={showSimilar} />
        </div>
        <div hidden={view !== 'history'} style={{ height: '100%' }}>
          <HistoryView
            active={view === 'history' && !help}
            onCompare={startCompare}
            similarTo={similarTo}
            onSimilar={showSimilar}
          />
        </div>
        <div hidden={view !== 'compare'} style={{ height: '100%' }}>
          <CompareView active={view === 'compare' && !help} request={compare} dropped={dropped} />
        </div>
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

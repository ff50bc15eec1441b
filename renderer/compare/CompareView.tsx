// Compare: two images in (dropped from the file manager, or sent from the library), then the verdict, the
// stage (side by side / wipe / flicker, synchronized zoom and pan, heatmap overlay), the ranked culprits, the
// parameter diff and the byte-level prompt diff.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompareView as CompareAnswer, ImageRef } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import type { CompareRequest, DroppedFiles } from './compare-request';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { useShortcuts } from '../hooks/useShortcuts';
import { CulpritList } from './CulpritList';
import { DropZones, type DropSlot } from './DropZones';
import { HeatmapLegend } from './HeatmapLegend';
import { ImageStage, type StageMode } from './ImageStage';
import { ParameterDiff } from './ParameterDiff';
import { ReproducePanel } from '../reproduce/ReproducePanel';
import { VerifyPanel } from '../verify/VerifyPanel';
import { PromptByteDiff } from './PromptByteDiff';
import { VerdictBanner } from './VerdictBanner';

interface Side extends DropSlot {
  ref: ImageRef | null;
  /** What to show before the backend answers: the upload's or the library's media URL, or a desktop drop's blob: URL. */
  preview: string | null;
}

const EMPTY: Side = { label: '', status: 'empty', ref: null, preview: null };

interface Props {
  active: boolean;
  request: CompareRequest | null;
  dropped: DroppedFiles | null;
}

export function CompareView({ active, request, dropped }: Props) {
  const api = useApi();
  const [a, setA] = useState<Side>(EMPTY);
  const [b, setB] = useState<Side>(EMPTY);
  const [answer, setAnswer] = useState<CompareAnswer | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<{ action: string; error: AppError } | null>(null);
  const [mode, setMode] = useState<StageMode>('side');
  const [lastMode, setLastMode] = useState<StageMode>('side');
  const [showHeatmap, setShowHeatmap] = useState(false);
  const [opacity, setOpacity] = useState(0.85);
  const [wipe, setWipe] = useState(50);
  const [fitSignal, setFitSignal] = useState(0);
  const generation = useRef(0);
  const blobs = useRef<string[]>([]);

  useEffect(() => () => blobs.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const run = useCallback(
    async (refA: ImageRef, refB: ImageRef) => {
      const mine = ++generation.current;
      setRunning(true);
      setError(null);
      setAnswer(null);
      const r = await api.request('compare.run', { a: refA, b: refB });
      if (mine !== generation.current) return;
      setRunning(false);
      if (r.ok) setAnswer(r.value);
      else setError({ action: 'Comparing the two images', error: r.error });
    },
    [api],
  );

  useEffect(() => {
    if (!request) return;
    const fromLibrary = (s: CompareRequest['a']): Side => ({
      label: s.label,
      status: 'ready',
      ref: s.ref,
      preview: s.ref.kind === 'indexed' ? api.mediaUrl('image', s.ref.imageId) : null,
    });
    setA(fromLibrary(request.a));
    setB(fromLibrary(request.b));
    void run(request.a.ref, request.b.ref);
  }, [request, api, run]);

  // Web mode shows an uploaded file from the server (/media/upload/<id>) once it has arrived; only the desktop,
  // which never uploads, shows a dropped file through a blob: URL.
  const place = async (file: File, set: (s: Side) => void): Promise<ImageRef | null> => {
    let preview: string | null = null;
    if (api.transport === 'electron') {
      preview = URL.createObjectURL(file);
      blobs.current.push(preview);
    }
    set({ label: file.name, status: 'uploading', ref: null, preview });
    const r = await api.imageRefForFile(file);
    if (!r.ok) {
      set({ label: file.name, status: 'failed', ref: null, preview });
      setError({ action: `Reading "${file.name}"`, error: r.error });
      return null;
    }
    if (r.value.kind === 'upload') preview = api.mediaUrl('upload', r.value.uploadId);
    set({ label: file.name, status: 'ready', ref: r.value, preview });
    return r.value;
  };

  const onFiles = async (files: File[], slot: 'a' | 'b'): Promise<void> => {
    setError(null);
    setAnswer(null);
    generation.current += 1;
    if (files.length >= 2) {
      const [ra, rb] = await Promise.all([place(files[0], setA), place(files[1], setB)]);
      if (ra && rb) await run(ra, rb);
      return;
    }
    const ref = await place(files[0], slot === 'a' ? setA : setB);
    const other = slot === 'a' ? b.ref : a.ref;
    if (ref && other) await (slot === 'a' ? run(ref, other) : run(other, ref));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: one run per drop: the sides it reads are the ones at drop time
  useEffect(() => {
    if (!dropped) return;
    // A drop outside the zones fills A first, then B (two files at once fill both).
    void onFiles(dropped.files, a.ref && !b.ref ? 'b' : 'a');
  }, [dropped]);

  const setModeKeepingLast = (next: StageMode): void => {
    if (mode !== 'flicker') setLastMode(mode);
    setMode(next);
  };

  useShortcuts(
    {
      f: () => (mode === 'flicker' ? setMode(lastMode) : setModeKeepingLast('flicker')),
      w: () => setModeKeepingLast('wipe'),
      s: () => setModeKeepingLast('side'),
      d: () => setShowHeatmap((v) => !v),
      '0': () => setFitSignal((n) => n + 1),
    },
    active,
  );

  const result = answer?.result ?? null;
  const stageA =
    answer && result
      ? {
          url: answer.a.mediaPath ?? a.preview ?? '',
          label: answer.a.fileName,
          width: result.a.width,
          height: result.a.height,
        }
      : null;
  const stageB =
    answer && result
      ? {
          url: answer.b.mediaPath ?? b.preview ?? '',
          label: answer.b.fileName,
          width: result.b.width,
          height: result.b.height,
        }
      : null;
  const promptText = (field: string, side: 'a' | 'b'): string | null =>
    result?.tupleDiff.find((r) => r.field === field)?.[side] ?? null;
  const state = running ? 'running' : answer ? 'done' : error ? 'error' : 'idle';

  return (
    <div className="compare" data-testid="compare-view" data-state={state} data-ready={state === 'done'}>
      <div className="compare-main">
        <DropZones a={a} b={b} onFiles={(files, slot) => void onFiles(files, slot)} />
        <div>
          {error && (
            <div style={{ margin: '0 8px' }}>
              <ErrorNotice action={error.action} error={error.error} onDismiss={() => setError(null)} />
            </div>
          )}
          {running && (
            <div className="verdict" role="status" data-testid="compare-running">
              Comparing pixels and parameters…
            </div>
          )}
          {result && <VerdictBanner result={result} />}
        </div>
        {stageA && stageB && answer ? (
          <ImageStage
            a={stageA}
            b={stageB}
            heatmapUrl={api.mediaUrl('heatmap', answer.compareId)}
            mode={mode}
            showHeatmap={showHeatmap}
            heatmapOpacity={opacity}
            wipe={wipe}
            onWipe={setWipe}
            fitSignal={fitSignal}
            heatmapSize={result ? { width: result.heatmap.width, height: result.heatmap.height } : null}
          />
        ) : a.preview || b.preview ? (
          <div className="stage" data-testid="compare-previews">
            {[a, b].map((side, i) => (
              <div className="stage-pane preview-pane" key={i}>
                {side.preview && <img src={side.preview} alt={side.label} />}
                <span className="stage-caption">{`${i === 0 ? 'A' : 'B'}${side.label ? ` · ${side.label}` : ''}`}</span>
              </div>
            ))}
          </div>
        ) : (
          <div className="grid-empty">
            {state === 'idle' && 'Drag two images here from your file manager, or mark two in the Library and press c.'}
          </div>
        )}
        <div className="stage-toolbar">
          <div className="seg" role="group" aria-label="Compare mode">
            {(
              [
                ['side', 'Side by side', 's'],
                ['wipe', 'Wipe', 'w'],
                ['flicker', 'A/B flicker', 'f'],
              ] as Array<[StageMode, string, string]>
            ).map(([m, label, key]) => (
              <button
                type="button"
                key={m}
                aria-pressed={mode === m}
                onClick={() => setModeKeepingLast(m)}
                data-testid={`mode-${m}`}
                title={`${label} (${key})`}
              >
                {label}
              </button>
            ))}
          </div>
          <label style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={showHeatmap}
              onChange={(e) => setShowHeatmap(e.target.checked)}
              data-testid="heatmap-toggle"
            />{' '}
            Heatmap (d)
          </label>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={opacity}
            onChange={(e) => setOpacity(Number(e.target.value))}
            aria-label="Heatmap opacity"
            disabled={!showHeatmap}
            style={{ width: 90 }}
          />
          <button
            type="button"
            onClick={() => setFitSignal((n) => n + 1)}
            title="Fit to the window (0), double-click also fits"
          >
            Fit
          </button>
          <span className="dim" style={{ fontSize: 11 }}>
            wheel: zoom · drag: pan (both sides together)
          </span>
          <span style={{ flex: 1 }} />
          {result && <HeatmapLegend heatmap={result.heatmap} changedPixels={result.pixel.changedPixels} />}
        </div>
      </div>
      <aside className="compare-side" aria-label="Why they differ" data-testid="compare-side">
        {result && answer ? (
          <>
            {result.sizeMismatch && (
              <p className="warnings" data-testid="size-mismatch">
                {result.sizeMismatch.note}
              </p>
            )}
            <section>
              <h2>Likely culprits</h2>
              <CulpritList culprits={result.culprits} />
            </section>
            <section>
              <h2>Parameter diff</h2>
              <ParameterDiff
                rows={result.tupleDiff}
                nameA={answer.a.fileName}
                nameB={answer.b.fileName}
                culprit={result.culprits[0] ?? null}
              />
            </section>
            <ReproducePanel
              key={answer.compareId}
              image={answer.a.ref}
              title="Make B like A"
              note={`The recipe of ${answer.a.fileName}: run it where B was made, then compare the output with A.`}
              testId="compare-reproduce"
            />
            <VerifyPanel
              key={`verify-${answer.compareId}`}
              image={answer.a.ref}
              title="Verify A on a generator"
              testId="compare-verify"
            />
            {result.promptDiff.length > 0 && (
              <section>
                <h2>Prompt bytes</h2>
                {result.promptDiff.map((d) => (
                  <PromptByteDiff
                    key={d.field}
                    diff={d}
                    textA={promptText(d.field, 'a')}
                    textB={promptText(d.field, 'b')}
                  />
                ))}
              </section>
            )}
            {result.regions.boxes.length > 0 && (
              <section>
                <h2>Changed regions ({result.regions.total})</h2>
                <table className="plain">
                  <thead>
                    <tr>
                      <th>x,y</th>
                      <th>size</th>
                      <th>pixels</th>
                      <th>max Δ</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.regions.boxes.slice(0, 8).map((r, i) => (
                      <tr key={i}>
                        <td className="mono">
                          {r.x},{r.y}
                        </td>
                        <td className="mono">
                          {r.width}×{r.height}
                        </td>
                        <td>{r.changedPixels.toLocaleString()}</td>
                        <td>{r.maxDelta}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            {result.warnings.length > 0 && (
              <section>
                <h2 className="warn-heading">Warnings</h2>
                <ul className="warnings">
                  {result.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </section>
            )}
          </>
        ) : (
          <p className="dim">The verdict, the likely culprit and its fix appear here once two images are compared.</p>
        )}
      </aside>
    </div>
  );
}

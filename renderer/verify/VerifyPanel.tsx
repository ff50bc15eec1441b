// The Verify panel: run the seed guide's Verify protocol on a live A1111 or ComfyUI server with this image's
// recipe (verify.start), follow its progress (verify.progress), cancel it (jobs.cancel), and read the three
// verdicts when it ends (verify.finished). A server that is not on this machine is allowed but named as such,
// because the image's recipe, prompt included, is sent there. The image's earlier verifications are listed below.
import { useEffect, useRef, useState } from 'react';
import type { ImageRef } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import type {
  VerificationRecord,
  VerifyFinished,
  VerifyGeneratorKind,
  VerifyKnob,
  VerifyProgress,
} from '../../shared/verification';
import { verifyKnobs } from '../../shared/verification';
import { useApi } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { useRequest } from '../hooks/useRequest';
import { CheckLines, GradePill, generatorName, VerificationList } from './VerificationList';

const DEFAULT_URL: Record<VerifyGeneratorKind, string> = {
  a1111: 'http://127.0.0.1:7860',
  comfyui: 'http://127.0.0.1:8188',
};
const KNOB_LABEL: Record<VerifyKnob, string> = { cfg: 'cfg + 0.5', steps: 'steps + 1', seed: 'seed + 1' };
const URL_KEY = (kind: VerifyGeneratorKind) => `seedscope.verify.url.${kind}`;

function remoteHost(url: string): string | null {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host) ? null : host;
  } catch {
    return null;
  }
}

interface Props {
  image: ImageRef;
  /** "Verify on a generator" in the details, "Verify A on a generator" in Compare. */
  title?: string;
  testId?: string;
}

type Run = {
  jobId: string | null;
  progress: VerifyProgress | null;
  record: VerificationRecord | null;
  error: AppError | null;
};

export function VerifyPanel({ image, title = 'Verify on a generator', testId = 'verify-panel' }: Props) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [generator, setGenerator] = useState<VerifyGeneratorKind>('a1111');
  const [url, setUrl] = useState(() => localStorage.getItem(URL_KEY('a1111')) ?? DEFAULT_URL.a1111);
  const [runs, setRuns] = useState(2);
  const [nudge, setNudge] = useState<VerifyKnob>('cfg');
  const [token, setToken] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const jobRef = useRef<string | null>(null);
  const imageId = image.kind === 'indexed' ? image.imageId : null;
  const history = useRequest('verify.list', imageId === null ? null : { imageId, limit: 10 });

  // Events by job id: one can overtake the start's answer on the SSE stream, so nothing is dropped before the id is known.
  const seen = useRef(new Map<string, { progress?: VerifyProgress; finished?: VerifyFinished }>());
  const apply = (jobId: string) => {
    const got = seen.current.get(jobId);
    if (!got || jobId !== jobRef.current) return;
    if (got.finished) {
      const f = got.finished;
      jobRef.current = null;
      setRun({ jobId: null, progress: got.progress ?? null, record: f.record, error: f.error });
      history.reload();
    } else if (got.progress) {
      const progress = got.progress;
      setRun((r) => (r ? { ...r, jobId, progress } : r));
    }
  };
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    const note = (jobId: string, change: { progress?: VerifyProgress; finished?: VerifyFinished }) => {
      seen.current.set(jobId, { ...seen.current.get(jobId), ...change });
      applyRef.current(jobId);
    };
    const offProgress = api.subscribe('verify.progress', (p) => note(p.jobId, { progress: p }));
    const offFinished = api.subscribe('verify.finished', (f) => note(f.jobId, { finished: f }));
    return () => {
      offProgress();
      offFinished();
    };
  }, [api]);

  const choose = (kind: VerifyGeneratorKind) => {
    setGenerator(kind);
    setUrl(localStorage.getItem(URL_KEY(kind)) ?? DEFAULT_URL[kind]);
  };

  const start = async () => {
    localStorage.setItem(URL_KEY(generator), url);
    setRun({ jobId: null, progress: null, record: null, error: null });
    jobRef.current = null;
    const answer = await api.request('verify.start', { image, generator, url, runs, nudge, token: token || null });
    if (!answer.ok) {
      setRun({ jobId: null, progress: null, record: null, error: answer.error });
      return;
    }
    jobRef.current = answer.value.jobId;
    setRun((r) => (r && !r.record ? { ...r, jobId: answer.value.jobId } : r));
    apply(answer.value.jobId);
  };

  const cancel = () => {
    if (run?.jobId) void api.request('jobs.cancel', { jobId: run.jobId });
  };

  const running = run !== null && run.record === null && run.error === null;
  const remote = remoteHost(url);
  const p = run?.progress;
  return (
    <section
      data-testid={testId}
      data-state={
        running
          ? 'running'
          : run?.error?.code === 'cancelled'
            ? 'cancelled'
            : run?.error
              ? 'failed'
              : run?.record
                ? 'done'
                : 'idle'
      }
    >
      <h2>{title}</h2>
      {!open ? (
        <button
          type="button"
          onClick={() => setOpen(true)}
          data-testid="verify-open"
          title="Rerun this image's recipe on a running A1111 or ComfyUI server"
        >
          Verify…
        </button>
      ) : (
        <>
          <p className="dim" style={{ margin: '0 0 6px', fontSize: 11.5 }}>
            Sends this image's recipe {runs} time{runs === 1 ? '' : 's'} and once with {KNOB_LABEL[nudge]}:
            deterministic? reproduces? responsive?
          </p>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'auto 1fr',
              gap: '4px 8px',
              alignItems: 'center',
              fontSize: 12,
            }}
          >
            <label htmlFor="verify-generator">Generator</label>
            <select
              id="verify-generator"
              value={generator}
              onChange={(e) => choose(e.target.value as VerifyGeneratorKind)}
              disabled={running}
              data-testid="verify-generator"
            >
              <option value="a1111">A1111 / Forge / SD.Next (--api)</option>
              <option value="comfyui">ComfyUI</option>
            </select>
            <label htmlFor="verify-url">Address</label>
            <input
              id="verify-url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              disabled={running}
              spellCheck={false}
              data-testid="verify-url"
            />
            <label htmlFor="verify-runs">Reruns</label>
            <input
              id="verify-runs"
              type="number"
              min={1}
              max={10}
              value={runs}
              onChange={(e) => setRuns(Math.min(10, Math.max(1, Math.round(Number(e.target.value) || 1))))}
              disabled={running}
              data-testid="verify-runs"
            />
            <label htmlFor="verify-nudge">Nudge</label>
            <select
              id="verify-nudge"
              value={nudge}
              onChange={(e) => setNudge(e.target.value as VerifyKnob)}
              disabled={running}
              data-testid="verify-nudge"
            >
              {verifyKnobs.map((k) => (
                <option key={k} value={k}>
                  {KNOB_LABEL[k]}
                </option>
              ))}
            </select>
            <label htmlFor="verify-token">Token</label>
            <input
              id="verify-token"
              type="password"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              disabled={running}
              placeholder="optional (Bearer)"
              autoComplete="off"
              data-testid="verify-token"
            />
          </div>
          {remote && (
            <p className="warn-heading" style={{ fontSize: 11.5, margin: '6px 0 0' }} data-testid="verify-remote">
              Remote server {remote}: the recipe, prompt included, is sent there.
            </p>
          )}
          <div style={{ display: 'flex', gap: 6, marginTop: 6 }}>
            <button type="button" onClick={() => void start()} disabled={running} data-testid="verify-run">
              Run Verify
            </button>
            {running && (
              <button type="button" onClick={cancel} disabled={!run?.jobId} data-testid="verify-cancel">
                Cancel
              </button>
            )}
          </div>
        </>
      )}
      {running && (
        <div style={{ marginTop: 6 }} data-testid="verify-progress">
          <progress
            max={p?.generations || 1}
            value={p ? Math.min(p.generations, p.generation + (p.steps ? p.step / p.steps : 0)) : 0}
            style={{ width: '100%' }}
          />
          <div className="dim" style={{ fontSize: 11.5 }}>
            {p?.line ?? 'Starting…'}
          </div>
        </div>
      )}
      {run?.error && run.error.code === 'cancelled' && (
        <p className="dim" data-testid="verify-cancelled">
          Cancelled: the generator was asked to stop, and no outputs were kept.
        </p>
      )}
      {run?.error && run.error.code !== 'cancelled' && <ErrorNotice action="Verify" error={run.error} />}
      {run?.record && run.record.checks.length > 0 && (
        <div data-testid="verify-result" style={{ marginTop: 6 }}>
          <p className="dim" style={{ margin: '0 0 4px', fontSize: 11.5 }} data-testid="verify-generator-line">
            {generatorName(run.record)}: {run.record.outputs.length} outputs kept beside the library and indexed
          </p>
          <CheckLines checks={run.record.checks} testId="verify-check" />
          <p style={{ margin: '4px 0' }} data-testid="verify-grade">
            <GradePill grade={run.record.grade} /> {run.record.summary}
          </p>
          {run.record.recipeWarnings.length > 0 && (
            <p className="dim" style={{ fontSize: 11.5 }}>
              Not carried by the recipe: {run.record.recipeWarnings.join('; ')}
            </p>
          )}
        </div>
      )}
      {imageId !== null && history.value && history.value.length > 0 && (
        <>
          <h3 style={{ fontSize: 12, margin: '8px 0 2px' }}>Verifications of this image</h3>
          <VerificationList records={history.value} showImage={false} showChecks={false} testId="verify-history" />
        </>
      )}
    </section>
  );
}

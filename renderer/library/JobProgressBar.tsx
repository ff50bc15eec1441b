// One indexing job, live: phase, done/total, rate, ETA and a cancel button.
import type { JobProgress } from '../../shared/library';
import { fileNameOf, formatEta, formatRate } from './format';

const PHASE_LABEL: Record<JobProgress['phase'], string> = {
  scan: 'Scanning folders',
  metadata: 'Reading metadata',
  pixels: 'Hashing pixels',
  reconcile: 'Matching moved files',
  done: 'Done',
  cancelled: 'Cancelled',
};

export function JobProgressBar({ job, onCancel }: { job: JobProgress; onCancel: () => void }) {
  const fraction = job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  const running = job.phase !== 'done' && job.phase !== 'cancelled';
  return (
    <div className="progress" data-testid="job-progress" data-job-id={job.jobId} data-phase={job.phase}>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label={PHASE_LABEL[job.phase]}
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.done}
      >
        <div style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-text">
        <span>{PHASE_LABEL[job.phase]}</span>
        <span data-testid="job-count">
          {job.done}/{job.total}
        </span>
        {running && job.rate > 0 && <span>{formatRate(job.rate)}</span>}
        {running && <span>{formatEta(job.etaSeconds)}</span>}
        <span style={{ flex: 1 }} />
        {running && (
          <button
            type="button"
            onClick={onCancel}
            data-testid="job-cancel"
            title="Stop this job; what is indexed so far stays"
          >
            Cancel
          </button>
        )}
      </div>
      {running && job.currentFile && (
        <div className="progress-text mono" title={job.currentFile}>
          {fileNameOf(job.currentFile)}
        </div>
      )}
    </div>
  );
}

// Progress for long operations: done/total, rate and ETA per phase, throttled so a 100k-file scan does not
// flood a progress bar or an IPC channel.
import type { JobKind, JobPhase, JobProgress } from '../../shared/library';

const MIN_INTERVAL_MS = 100;

export class ProgressReporter {
  private phase: JobPhase = 'scan';
  private phaseStarted = Date.now();
  private lastSent = 0;
  private done = 0;
  private total = 0;

  constructor(
    readonly jobId: string,
    readonly kind: JobKind,
    private readonly listener?: (progress: JobProgress) => void,
  ) {}

  start(phase: JobPhase, total: number): void {
    this.phase = phase;
    this.total = total;
    this.done = 0;
    this.phaseStarted = Date.now();
    this.emit(null, true);
  }

  /** Total may grow while a phase runs (the walk discovers files as it goes). */
  update(done: number, currentFile: string | null, total = this.total): void {
    this.done = done;
    this.total = total;
    this.emit(currentFile, done >= total);
  }

  private emit(currentFile: string | null, force: boolean): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!force && now - this.lastSent < MIN_INTERVAL_MS) return;
    this.lastSent = now;
    const seconds = (now - this.phaseStarted) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const remaining = Math.max(0, this.total - this.done);
    this.listener({
      jobId: this.jobId,
      kind: this.kind,
      phase: this.phase,
      done: this.done,
      total: this.total,
      rate,
      etaSeconds: rate > 0 ? remaining / rate : null,
      currentFile,
    });
  }
}

// Long jobs (indexing, rescans) run in the background: the request that starts one answers at once with a
// job id, progress and the end arrive as events, and `jobs.cancel` aborts through the job's AbortSignal.
import { randomBytes } from 'node:crypto';
import type { IndexSummary, JobProgress } from '../../shared/library';
import type { EventHub } from './event-hub';

export type JobBody = (context: {
  jobId: string;
  signal: AbortSignal;
  progress: (p: JobProgress) => void;
}) => Promise<IndexSummary>;

export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly hub: EventHub) {}

  /** Starts the job and returns its id; `job.finished` is emitted exactly once, whatever happens. */
  start(body: JobBody, onFinished?: (summary: IndexSummary | null) => void): string {
    const jobId = `job-${randomBytes(8).toString('hex')}`;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const progress = (p: JobProgress) => this.hub.emit('job.progress', { ...p, jobId });
    // Deferred so the caller has the id (and can answer the request) before the first event goes out.
    setImmediate(() => {
      Promise.resolve()
        .then(() => body({ jobId, signal: controller.signal, progress }))
        .then(
          (summary) => {
            this.running.delete(jobId);
            this.hub.emit('job.finished', { jobId, summary: { ...summary, jobId }, error: null });
            onFinished?.(summary);
          },
          (err: unknown) => {
            this.running.delete(jobId);
            const message = err instanceof Error ? err.message : String(err);
            this.hub.emit('job.finished', {
              jobId,
              summary: null,
              error: {
                code: 'job-failed',
                message: `Indexing stopped: ${message}. Check the folder is readable, then rescan it.`,
              },
            });
            onFinished?.(null);
          },
        );
    });
    return jobId;
  }

  /**
   * A job that is not indexing (a verify run): the same ids, `jobs.cancel` and cancelAll, but the body reports its
   * own progress and end (its own events), and must not throw; the id is known before the body starts.
   */
  startTask(body: (context: { jobId: string; signal: AbortSignal }) => Promise<void>): string {
    const jobId = `job-${randomBytes(8).toString('hex')}`;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    setImmediate(() => {
      Promise.resolve()
        .then(() => body({ jobId, signal: controller.signal }))
        .catch(() => undefined)
        .finally(() => this.running.delete(jobId));
    });
    return jobId;
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  get size(): number {
    return this.running.size;
  }
}

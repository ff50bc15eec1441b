// A pool of worker_threads that uses every core. A native crash or an out-of-memory on a hostile file ends one
// worker, not the process: its in-flight jobs are retried once, each ALONE on a worker (so an innocent neighbour
// succeeds and the guilty file crashes only itself), and a job that crashed its worker twice fails with a message.
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export interface PoolOptions {
  /** Worker script path, or code when `evalCode` is set. */
  script: string;
  evalCode?: boolean;
  /** Default: every core. */
  size?: number;
  /** Jobs in flight per worker (default 2): more than one hides a job's JS work behind another's decode. */
  inFlightPerWorker?: number;
  resourceLimits?: ResourceLimits;
  workerData?: unknown;
  env?: NodeJS.ProcessEnv;
}

export class WorkerCrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashError';
  }
}

interface Task<J, R> {
  seq: number;
  job: J;
  crashes: number;
  resolve: (value: R) => void;
  reject: (err: Error) => void;
}

type Reply<R> = { seq: number; ok: true; result: R } | { seq: number; ok: false; error: string };

interface Slot<J, R> {
  worker: Worker;
  inFlight: Map<number, Task<J, R>>;
  dead: boolean;
  /** Running a suspect (a job that was in flight during a crash): nothing else goes to this worker meanwhile. */
  isolated: boolean;
}

export class WorkerPool<J, R> {
  readonly size: number;
  private readonly perWorker: number;
  private readonly queue: Task<J, R>[] = [];
  private readonly slots: Slot<J, R>[] = [];
  private seq = 0;
  private closed = false;
  /** How many workers were replaced after a crash (for tests and the summary). */
  restarts = 0;

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.perWorker = Math.max(1, options.inFlightPerWorker ?? 2);
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot<J, R> {
    const worker = new Worker(this.options.script, {
      eval: this.options.evalCode ?? false,
      resourceLimits: this.options.resourceLimits,
      workerData: this.options.workerData,
      env: this.options.env,
    });
    const slot: Slot<J, R> = { worker, inFlight: new Map(), dead: false, isolated: false };
    worker.on('message', (reply: Reply<R>) => {
      const task = slot.inFlight.get(reply.seq);
      if (!task) return;
      slot.inFlight.delete(reply.seq);
      if (slot.inFlight.size === 0) slot.isolated = false;
      if (reply.ok) task.resolve(reply.result);
      else task.reject(new Error(reply.error));
      this.pump();
    });
    const onDeath = (reason: string): void => {
      if (slot.dead) return;
      slot.dead = true;
      const orphans = [...slot.inFlight.values()];
      slot.inFlight.clear();
      for (const task of orphans) {
        task.crashes++;
        if (task.crashes >= 2) task.reject(new WorkerCrashError(`the decoder worker crashed on this file (${reason})`));
        else this.queue.unshift(task);
      }
      const index = this.slots.indexOf(slot);
      if (!this.closed && index !== -1) {
        this.restarts++;
        this.slots[index] = this.spawn();
        this.pump();
      }
    };
    worker.on('error', (err) => onDeath(err instanceof Error ? err.message : String(err)));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    return slot;
  }

  run(job: J): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ seq: ++this.seq, job, crashes: 0, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (!slot.dead && !slot.isolated && slot.inFlight.size < this.perWorker && this.queue.length > 0) {
        const suspect = this.queue[0].crashes > 0;
        if (suspect && slot.inFlight.size > 0) break;
        const task = this.queue.shift() as Task<J, R>;
        slot.inFlight.set(task.seq, task);
        if (suspect) slot.isolated = true;
        slot.worker.postMessage({ seq: task.seq, job: task.job });
      }
    }
  }

  /** Jobs still queued are rejected; in-flight ones are abandoned with the terminated workers. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('cancelled'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      for (const task of slot.inFlight.values()) task.reject(new Error('cancelled'));
      slot.inFlight.clear();
      slot.dead = true;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

// Runs hashModelFile off the main thread (STYLE.md: heavy work in workers): hashing a 7 GB checkpoint takes
// seconds of CPU that must not freeze the Electron main process or the CLI's progress output.
import { parentPort, workerData } from 'node:worker_threads';
import { hashModelFile } from './model-hashes';
import type { ModelHashWorkerMessage } from './model-hash-in-worker';

/** Progress is posted at most every 64 MiB: ~100 messages for a 7 GB file. */
const PROGRESS_STEP = 64 * 1024 * 1024;

const port = parentPort;
if (port) {
  const file = (workerData as { file: string }).file;
  let nextReport = 0;
  hashModelFile(file, (done, total) => {
    if (done < nextReport && done < total) return;
    nextReport = done + PROGRESS_STEP;
    port.postMessage({ type: 'progress', bytesDone: done, bytesTotal: total } satisfies ModelHashWorkerMessage);
  }).then(
    (hashes) => port.postMessage({ type: 'done', hashes } satisfies ModelHashWorkerMessage),
    (err: unknown) =>
      port.postMessage({
        type: 'error',
        message: err instanceof Error ? err.message : String(err),
      } satisfies ModelHashWorkerMessage),
  );
}

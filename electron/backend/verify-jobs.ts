// Verify for the app (both transports): `verify.start` answers at once with a job id; the run (electron/verify)
// goes on in the background with `verify.progress` events and ends with one `verify.finished` carrying the
// stored record; `jobs.cancel` aborts it through the job registry. Compares run in the image worker, like
// compare.run, so a verify never blocks the backend's event loop with a decode.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImageRef } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { VerificationRecord, VerifyTarget } from '../../shared/verification';
import type { Library } from '../library/library';
import { A1111Client } from '../verify/a1111-client';
import { ComfyClient } from '../verify/comfyui-client';
import { type GeneratorClient, VerifyError } from '../verify/generator-client';
import { VerificationStore } from '../verify/verification-store';
import { runVerification } from '../verify/verify-run';
import type { EventHub } from './event-hub';
import { heatmapPathFor, type ImageSources } from './image-sources';
import { runImageTask } from './image-tasks';
import type { JobRegistry } from './job-registry';

export interface VerifyJobContext {
  library: Library;
  sources: ImageSources;
  jobs: JobRegistry;
  events: EventHub;
}

async function compareInWorker(library: Library, a: string, b: string) {
  const heatmapPath = heatmapPathFor(library.cacheFolder, randomBytes(16).toString('hex'));
  await fs.mkdir(path.dirname(heatmapPath), { recursive: true });
  const answer = await runImageTask({ task: 'compare', a, b, heatmapPath });
  if (answer.task !== 'compare') throw new Error('the image worker answered the wrong task');
  return answer.result;
}

export async function startVerifyJob(
  ctx: VerifyJobContext,
  args: { image: ImageRef } & VerifyTarget,
): Promise<Result<{ jobId: string; address: string; remote: boolean }>> {
  const resolved = await ctx.sources.resolveRef(args.image);
  if (!resolved.ok) return resolved;
  let client: GeneratorClient;
  try {
    const endpoint = { url: args.url, token: args.token ?? undefined };
    client = args.generator === 'a1111' ? new A1111Client(endpoint) : new ComfyClient(endpoint);
  } catch (err) {
    if (err instanceof VerifyError) return fail(err.code, err.message);
    throw err;
  }
  const image = resolved.value;
  const jobId = ctx.jobs.startTask(async ({ jobId, signal }) => {
    try {
      const { record, error } = await runVerification({
        library: ctx.library,
        imagePath: image.path,
        imageId: image.imageId,
        client,
        runs: args.runs,
        nudge: args.nudge,
        signal,
        onProgress: (p) => ctx.events.emit('verify.progress', { ...p, jobId }),
        compare: (a, b) => compareInWorker(ctx.library, a, b),
      });
      ctx.events.emit('verify.finished', {
        jobId,
        record,
        error: error ? { code: error.code, message: error.message } : null,
      });
      if (record.outputs.length > 0) ctx.events.emit('library.changed', { folderId: null, reason: 'indexed' });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.events.emit('verify.finished', {
        jobId,
        record: null,
        error: {
          code: 'internal',
          message: `Verify stopped: ${message}. If it keeps happening, restart Seedscope and report the message.`,
        },
      });
    }
  });
  return ok({ jobId, address: client.info.address, remote: !client.info.loopback });
}

export function listVerifications(library: Library, imageId: number | null, limit: number): VerificationRecord[] {
  const store = new VerificationStore(library.db);
  return imageId === null ? store.latest(limit) : store.forImage(imageId, limit);
}

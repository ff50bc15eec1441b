// The A1111 / Forge / SD.Next web API (the server must run with --api): /sdapi/v1/sd-models and /options to find
// and load the checkpoint the image names, /txt2img or /img2img to generate, /progress polled for steps while it
// works, /interrupt on cancel. The returned `info` JSON (Processed.js()) gives the version; the PNG keeps its
// `parameters` infotext, which Seedscope reads like any other A1111 file.
import type {
  A1111Request,
  GeneratedImage,
  GeneratorClient,
  GeneratorInfo,
  GeneratorRequest,
  RunOptions,
  WantedCheckpoint,
} from './generator-client';
import { VerifyError } from './generator-client';
import { recipeJsonText } from '../recipes/recipe-json';
import {
  callGenerator,
  type GeneratorEndpoint,
  readJson,
  type ResolvedEndpoint,
  resolveEndpoint,
} from './generator-http';

interface SdModel {
  title: string;
  model_name: string;
  hash: string | null;
  sha256: string | null;
  filename: string;
}

const PROGRESS_POLL_MS = 400;
const stripExt = (name: string) => name.replace(/\.(safetensors|ckpt|pt|pth|gguf)$/i, '');
const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;

/** The installed checkpoint the image wants: by hash first (names get reused), then by name. */
export function findCheckpoint(
  models: SdModel[],
  wanted: WantedCheckpoint,
): { model: SdModel; hashMatches: boolean | null } | null {
  const hash = wanted.hash?.toLowerCase() ?? null;
  if (hash) {
    const byHash = models.find(
      (m) => (m.hash && m.hash.toLowerCase() === hash) || (m.sha256 && m.sha256.toLowerCase().startsWith(hash)),
    );
    if (byHash) return { model: byHash, hashMatches: true };
  }
  const name = stripExt(baseName(wanted.name)).toLowerCase();
  const byName = models.find(
    (m) =>
      m.model_name.toLowerCase() === name ||
      stripExt(baseName(m.filename)).toLowerCase() === name ||
      m.title.toLowerCase() === wanted.name.toLowerCase(),
  );
  if (!byName) return null;
  return { model: byName, hashMatches: hash ? false : null };
}

export class A1111Client implements GeneratorClient {
  readonly kind = 'a1111' as const;
  readonly info: GeneratorInfo;
  private readonly endpoint: ResolvedEndpoint;

  constructor(endpoint: Omit<GeneratorEndpoint, 'kind'>) {
    this.endpoint = resolveEndpoint({ ...endpoint, kind: 'a1111' });
    this.info = {
      kind: 'a1111',
      address: this.endpoint.base,
      loopback: this.endpoint.loopback,
      version: null,
      notes: [],
    };
  }

  private async getJson<T>(path: string, options: RunOptions = {}): Promise<T> {
    const response = await callGenerator(this.endpoint, path, { signal: options.signal });
    if (!response.ok)
      throw new VerifyError(
        'bad-answer',
        `The A1111 server at ${this.endpoint.base} answered ${path} with HTTP ${response.status}. Is it started with --api?`,
      );
    return readJson<T>(this.endpoint, path, response);
  }

  async prepare(request: GeneratorRequest, options: RunOptions = {}): Promise<void> {
    if (request.kind !== 'a1111')
      throw new VerifyError(
        'bad-argument',
        'An A1111 server takes an A1111 recipe (txt2img/img2img JSON), not a ComfyUI graph.',
      );
    if (!request.checkpoint) {
      this.info.notes.push('the image names no checkpoint: the run uses whatever the server has loaded');
      return;
    }
    const models = await this.getJson<SdModel[]>('/sdapi/v1/sd-models', options);
    const found = findCheckpoint(models, request.checkpoint);
    if (!found) {
      const installed =
        models
          .map((m) => m.title)
          .slice(0, 12)
          .join(', ') || 'none';
      throw new VerifyError(
        'checkpoint-missing',
        `The A1111 server at ${this.endpoint.base} has no checkpoint "${request.checkpoint.name}"${request.checkpoint.hash ? ` (the image wants hash ${request.checkpoint.hash})` : ''}. ` +
          `Installed: ${installed}. Put the file in models/Stable-diffusion and refresh the list, or verify on the machine that has it.`,
      );
    }
    if (found.hashMatches === false) {
      this.info.notes.push(
        `checkpoint "${found.model.title}" has the image's name but hash ${found.model.hash ?? 'unknown'}, not ${request.checkpoint.hash}: different weights under the same name`,
      );
    }
    const options_ = await this.getJson<{ sd_model_checkpoint?: string }>('/sdapi/v1/options', options);
    if (options_.sd_model_checkpoint !== found.model.title) {
      const response = await callGenerator(this.endpoint, '/sdapi/v1/options', {
        method: 'POST',
        body: { sd_model_checkpoint: found.model.title },
        signal: options.signal,
        timeoutMs: this.endpoint.timeoutMs,
      });
      if (!response.ok) {
        const detail = await response.text();
        throw new VerifyError(
          'checkpoint-missing',
          `The A1111 server at ${this.endpoint.base} could not load checkpoint "${found.model.title}" (HTTP ${response.status}: ${detail.slice(0, 200)}).`,
        );
      }
    }
  }

  async generate(request: GeneratorRequest, options: RunOptions = {}): Promise<GeneratedImage> {
    if (request.kind !== 'a1111') throw new VerifyError('bad-argument', 'An A1111 server takes an A1111 recipe.');
    const path = `/sdapi/v1/${request.endpoint}`;
    const stopPolling = this.pollProgress(options);
    let response: Response;
    try {
      response = await callGenerator(this.endpoint, path, {
        method: 'POST',
        bodyText: recipeJsonText(request.payload),
        signal: options.signal,
        timeoutMs: this.endpoint.timeoutMs,
      });
    } catch (err) {
      // A run we gave up on keeps the GPU busy for nothing: ask the server to stop it.
      if (err instanceof VerifyError && (err.code === 'cancelled' || err.code === 'timeout')) await this.interrupt();
      throw err;
    } finally {
      stopPolling();
    }
    if (!response.ok) {
      const body = await response.text();
      let detail = body.slice(0, 300);
      try {
        const parsed = JSON.parse(body) as { errors?: unknown; detail?: unknown; error?: unknown };
        detail =
          [parsed.error, parsed.errors || parsed.detail].filter((x) => typeof x === 'string' && x).join(': ') || detail;
      } catch {
        // not JSON: keep the text
      }
      throw new VerifyError(
        'run-failed',
        `The A1111 server at ${this.endpoint.base} failed the ${request.endpoint} run (HTTP ${response.status}: ${detail}). Its console has the traceback.`,
      );
    }
    const answer = await readJson<{ images?: string[]; info?: string }>(this.endpoint, path, response);
    const first = answer.images?.[0];
    if (!first)
      throw new VerifyError(
        'bad-answer',
        `The A1111 server at ${this.endpoint.base} sent no image back (send_images off, or a script ate it).`,
      );
    const png = Buffer.from(first.replace(/^data:image\/\w+;base64,/, ''), 'base64');
    let readBack: Record<string, unknown> = {};
    try {
      readBack = typeof answer.info === 'string' ? (JSON.parse(answer.info) as Record<string, unknown>) : {};
    } catch {
      readBack = { info: answer.info };
    }
    const version = typeof readBack.version === 'string' ? readBack.version : null;
    if (version) this.info.version = version;
    return { png, generatorFileName: null, version, readBack };
  }

  private pollProgress(options: RunOptions): () => void {
    if (!options.onProgress) return () => undefined;
    let stopped = false;
    const tick = async () => {
      while (!stopped) {
        await new Promise((r) => setTimeout(r, PROGRESS_POLL_MS));
        if (stopped) return;
        try {
          const p = await this.getJson<{ state?: { sampling_step?: number; sampling_steps?: number } }>(
            '/sdapi/v1/progress?skip_current_image=true',
            options,
          );
          if (!stopped && p.state?.sampling_steps)
            options.onProgress?.({ step: p.state.sampling_step ?? 0, steps: p.state.sampling_steps });
        } catch {
          // progress is best effort; the generation call reports real failures
        }
      }
    };
    void tick();
    return () => {
      stopped = true;
    };
  }

  private async interrupt(): Promise<void> {
    await callGenerator(this.endpoint, '/sdapi/v1/interrupt', { method: 'POST', timeoutMs: 5000 }).catch(
      () => undefined,
    );
  }
}

export type { A1111Request };

// A stand-in for the AUTOMATIC1111 (and Forge / SD.Next) web API, for tests: no GPU and no weights exist on these
// machines. It speaks the real API's shapes, taken from AUTOMATIC1111/stable-diffusion-webui:
// - POST /sdapi/v1/txt2img, /sdapi/v1/img2img: request fields of `StableDiffusionTxt2ImgProcessingAPI` /
//   `...Img2ImgProcessingAPI` (modules/api/models.py, generated from StableDiffusionProcessing's __init__:
//   prompt, negative_prompt, seed, sampler_name, scheduler, steps, cfg_scale, width, height, override_settings,
//   init_images, denoising_strength, send_images, save_images); answer `TextToImageResponse` / `ImageToImageResponse`
//   {images: base64 PNG[], parameters: the request, info: JSON string of `Processed.js()` (modules/processing.py)}.
//   Each PNG carries the infotext as a `parameters` tEXt chunk, as api.py's `encode_pil_to_base64` copies
//   `image.info` into PngInfo.
// - GET/POST /sdapi/v1/options: api.py `get_config`/`set_config`; setting an unknown `sd_model_checkpoint` raises
//   RuntimeError("model '...' not found"), which `handle_exception` answers as 500 {error, detail, body, errors}.
// - GET /sdapi/v1/sd-models: `SDModelItem` {title, model_name, hash, sha256, filename, config}.
// - GET /sdapi/v1/progress: `ProgressResponse` {progress, eta_relative, state: shared.state.dict(), current_image,
//   textinfo}; POST /sdapi/v1/interrupt answers {}.
// - 401 {detail: "Incorrect username or password"} without the credentials of --api-auth (api.py `auth`).
// The picture itself is the deterministic stand-in picture (stand-in-picture.ts), not a diffusion output.
import type * as http from 'node:http';
import { withPngTextChunks } from '../../metadata/containers/png-write';
import { type IgnorableParam, renderStandInPicture } from './stand-in-picture';
import { listenOnLoopback, readJsonBody, sendJson, sleep, type StandInServer } from './stand-in-http';

export interface A1111Checkpoint {
  /** `name.safetensors [shorthash]`, what options.sd_model_checkpoint holds. */
  title: string;
  model_name: string;
  /** 10-hex AutoV2 short hash. */
  hash: string;
  sha256: string;
  filename: string;
  config: string | null;
}

export type A1111Failure = 'http-500' | 'timeout';

export interface A1111StandInOptions {
  checkpoints?: A1111Checkpoint[];
  noise?: boolean;
  ignore?: IgnorableParam[];
  fail?: A1111Failure | null;
  /** Pause per sampling step, so progress and cancel can be observed. */
  stepDelayMs?: number;
  version?: string;
  /** Exact Authorization header to require. */
  authorization?: string;
}

export interface A1111StandIn extends StandInServer {
  options: A1111StandInOptions;
  /** Every request as `METHOD /path`, in order. */
  calls: string[];
  /** The txt2img/img2img bodies received. */
  generations: Array<Record<string, unknown>>;
}

export function a1111Checkpoint(modelName: string, shortHash: string): A1111Checkpoint {
  const filename = `${modelName}.safetensors`;
  return {
    title: `${filename} [${shortHash}]`,
    model_name: modelName,
    hash: shortHash,
    sha256: shortHash.padEnd(64, '0'),
    filename: `/models/Stable-diffusion/${filename}`,
    config: null,
  };
}

/** modules/sd_models.py CheckpointInfo.ids: every name a checkpoint answers to (title, name, hashes, "name [hash]"). */
function checkpointAliases(c: A1111Checkpoint): string[] {
  const file = c.filename.split('/').pop() ?? c.filename;
  return [c.title, c.model_name, file, c.hash, c.sha256, `${c.model_name} [${c.hash}]`, `${file} [${c.hash}]`];
}

interface State {
  job_count: number;
  job_no: number;
  sampling_step: number;
  sampling_steps: number;
  interrupted: boolean;
  skipped: boolean;
  job: string;
  job_timestamp: string;
  time_start: number;
}

const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** modules/processing.py `create_infotext`: prompt, negative line, then `key: value` pairs. */
function infotext(p: {
  prompt: string;
  negative: string;
  steps: number;
  sampler: string;
  scheduler: string;
  cfg: number;
  seed: string;
  width: number;
  height: number;
  ckpt: A1111Checkpoint;
  version: string;
  denoise?: number;
}): string {
  const pairs = [
    `Steps: ${p.steps}`,
    `Sampler: ${p.sampler}`,
    `Schedule type: ${p.scheduler}`,
    `CFG scale: ${p.cfg}`,
    `Seed: ${p.seed}`,
    `Size: ${p.width}x${p.height}`,
    `Model hash: ${p.ckpt.hash}`,
    `Model: ${p.ckpt.model_name}`,
    ...(p.denoise !== undefined ? [`Denoising strength: ${p.denoise}`] : []),
    `Version: ${p.version}`,
  ];
  return [p.prompt, ...(p.negative ? [`Negative prompt: ${p.negative}`] : []), pairs.join(', ')].join('\n');
}

export async function startA1111StandIn(options: A1111StandInOptions = {}): Promise<A1111StandIn> {
  const checkpoints = options.checkpoints ?? [a1111Checkpoint('v1-5-pruned-emaonly', '6ce0161689')];
  let current = checkpoints[0];
  const calls: string[] = [];
  const generations: Array<Record<string, unknown>> = [];
  const state: State = {
    job_count: 0,
    job_no: 0,
    sampling_step: 0,
    sampling_steps: 0,
    interrupted: false,
    skipped: false,
    job: '',
    job_timestamp: '0',
    time_start: 0,
  };
  const version = () => standIn.options.version ?? 'v1.10.1';

  async function generate(req: http.IncomingMessage, res: http.ServerResponse, img2img: boolean): Promise<void> {
    const body = (await readJsonBody(req)) as Record<string, unknown>;
    generations.push(body);
    const mode = standIn.options;
    if (mode.fail === 'timeout') return; // never answers: the client's own timeout must fire
    if (mode.fail === 'http-500') {
      sendJson(res, 500, {
        error: 'OutOfMemoryError',
        detail: '',
        body: '',
        errors: 'CUDA out of memory. Tried to allocate 2.00 GiB',
      });
      return;
    }
    const override = (body.override_settings ?? {}) as Record<string, unknown>;
    const ckptTitle = typeof override.sd_model_checkpoint === 'string' ? override.sd_model_checkpoint : null;
    const ckpt = ckptTitle ? checkpoints.find((c) => checkpointAliases(c).includes(ckptTitle)) : current;
    if (!ckpt) {
      sendJson(res, 500, {
        error: 'RuntimeError',
        detail: '',
        body: '',
        errors: `model ${JSON.stringify(ckptTitle)} not found`,
      });
      return;
    }
    const seedRaw = body.seed;
    const seed =
      typeof seedRaw === 'number' && seedRaw >= 0
        ? String(seedRaw)
        : typeof seedRaw === 'string' && /^\d+$/.test(seedRaw)
          ? seedRaw
          : String(Math.floor(Math.random() * 2 ** 32));
    const p = {
      prompt: str(body.prompt, ''),
      negative: str(body.negative_prompt, ''),
      steps: num(body.steps, 20),
      sampler: str(body.sampler_name, str(body.sampler_index, 'Euler')),
      scheduler: str(body.scheduler, 'Automatic'),
      cfg: num(body.cfg_scale, 7),
      seed,
      width: num(body.width, 512),
      height: num(body.height, 512),
      ckpt,
      version: version(),
      denoise: img2img ? num(body.denoising_strength, 0.75) : undefined,
    };
    Object.assign(state, {
      job_count: 1,
      job_no: 0,
      sampling_step: 0,
      sampling_steps: p.steps,
      interrupted: false,
      job: img2img ? 'scripts_img2img' : 'scripts_txt2img',
      time_start: Date.now(),
    });
    try {
      for (let step = 1; step <= p.steps && !state.interrupted; step++) {
        await sleep(mode.stepDelayMs ?? 5);
        state.sampling_step = step;
      }
      const picture = await renderStandInPicture(
        {
          seed,
          prompt: p.prompt,
          negativePrompt: p.negative,
          cfg: p.cfg,
          steps: p.steps,
          sampler: p.sampler,
          scheduler: p.scheduler,
          width: p.width,
          height: p.height,
          model: ckpt.title,
        },
        { noise: mode.noise, ignore: mode.ignore },
      );
      const text = infotext(p);
      const png = withPngTextChunks(picture, [{ keyword: 'parameters', text, kind: 'auto' }]);
      // Processed.js(): the fields a client reads back (seed, sd_model_name/hash, version, infotexts, ...).
      const info = {
        prompt: p.prompt,
        all_prompts: [p.prompt],
        negative_prompt: p.negative,
        all_negative_prompts: [p.negative],
        seed: Number(seed),
        all_seeds: [Number(seed)],
        subseed: -1,
        all_subseeds: [-1],
        subseed_strength: 0,
        width: p.width,
        height: p.height,
        sampler_name: p.sampler,
        cfg_scale: p.cfg,
        steps: p.steps,
        batch_size: 1,
        restore_faces: false,
        face_restoration_model: null,
        sd_model_name: ckpt.model_name,
        sd_model_hash: ckpt.hash,
        sd_vae_name: null,
        sd_vae_hash: null,
        seed_resize_from_w: -1,
        seed_resize_from_h: -1,
        denoising_strength: p.denoise ?? 0,
        extra_generation_params: { 'Schedule type': p.scheduler },
        index_of_first_image: 0,
        infotexts: [text],
        styles: [],
        job_timestamp: state.job_timestamp,
        clip_skip: 1,
        is_using_inpainting_conditioning: false,
        version: version(),
      };
      sendJson(res, 200, { images: [png.toString('base64')], parameters: body, info: JSON.stringify(info) });
    } finally {
      Object.assign(state, { job_count: 0, sampling_step: 0, sampling_steps: 0, job: '' });
    }
  }

  const server = await listenOnLoopback(
    async (req, res, url) => {
      calls.push(`${req.method} ${url.pathname}`);
      const route = `${req.method} ${url.pathname}`;
      if (route === 'POST /sdapi/v1/txt2img') return generate(req, res, false);
      if (route === 'POST /sdapi/v1/img2img') return generate(req, res, true);
      if (route === 'GET /sdapi/v1/sd-models') return sendJson(res, 200, checkpoints);
      if (route === 'GET /sdapi/v1/options') {
        return sendJson(res, 200, {
          sd_model_checkpoint: current.title,
          sd_checkpoint_hash: current.sha256,
          samples_format: 'png',
          CLIP_stop_at_last_layers: 1,
        });
      }
      if (route === 'POST /sdapi/v1/options') {
        const body = (await readJsonBody(req)) as Record<string, unknown>;
        const name = body.sd_model_checkpoint;
        if (typeof name === 'string') {
          const found = checkpoints.find((c) => checkpointAliases(c).includes(name));
          if (!found)
            return sendJson(res, 500, {
              error: 'RuntimeError',
              detail: '',
              body: '',
              errors: `model ${JSON.stringify(name)} not found`,
            });
          current = found;
        }
        return sendJson(res, 200, null);
      }
      if (route === 'GET /sdapi/v1/progress') {
        const progress =
          state.job_count === 0
            ? 0
            : Math.min(1, 0.01 + (state.sampling_steps ? state.sampling_step / state.sampling_steps : 0));
        const elapsed = (Date.now() - state.time_start) / 1000;
        return sendJson(res, 200, {
          progress,
          eta_relative: state.job_count === 0 || progress === 0 ? 0 : elapsed / progress - elapsed,
          state: {
            skipped: state.skipped,
            interrupted: state.interrupted,
            job: state.job,
            job_count: state.job_count,
            job_timestamp: state.job_timestamp,
            job_no: state.job_no,
            sampling_step: state.sampling_step,
            sampling_steps: state.sampling_steps,
          },
          current_image: null,
          textinfo: null,
        });
      }
      if (route === 'POST /sdapi/v1/interrupt') {
        state.interrupted = true;
        return sendJson(res, 200, {});
      }
      sendJson(res, 404, { detail: 'Not Found' });
    },
    { authorization: options.authorization },
  );
  const standIn: A1111StandIn = { url: server.url, close: server.close, options, calls, generations };
  return standIn;
}

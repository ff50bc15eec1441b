// A run record: a JSON file that travels with an image and says what a hosted API was asked and answered
// (Replicate, fal, Stability, OpenAI Images, Black Forest Labs, Midjourney job data) or what local environment ran
// (GPU, driver, CUDA, torch, xformers, UI). The seed guide's causes 1 (model version), 5 (hardware) and 7 (hidden
// post-processing) live here, not in the image. Pure data: crosses IPC/HTTP as JSON.

export type RunRecordProvider = 'replicate' | 'fal' | 'stability' | 'openai' | 'bfl' | 'midjourney' | 'local';

export const RUN_RECORD_PROVIDER_NAMES: Record<RunRecordProvider, string> = {
  replicate: 'Replicate',
  fal: 'fal',
  stability: 'Stability AI',
  openai: 'OpenAI Images',
  bfl: 'Black Forest Labs',
  midjourney: 'Midjourney',
  local: 'local environment',
};

/** Post-processing a request can switch on; none of these passes is seeded (guide cause 7). */
export type RunRecordFlagKind =
  | 'enhance'
  | 'prompt-rewrite'
  | 'upscale'
  | 'face-restore'
  | 'refiner'
  | 'safety-filter'
  | 'watermark';

export interface RunRecordFlag {
  kind: RunRecordFlagKind;
  /** The request field as written, e.g. `prompt_upsampling`, `input.disable_safety_checker`. */
  field: string;
  /** Its value as written (JSON). */
  value: string;
  /** The pass runs with this value. */
  on: boolean;
  /** What to send to turn it off for a reproducibility test, e.g. `"prompt_upsampling": false`. */
  turnOff: string;
}

export interface RunEnvironment {
  gpu: string | null;
  driver: string | null;
  cuda: string | null;
  torch: string | null;
  xformers: string | null;
  ui: string | null;
  uiVersion: string | null;
  os: string | null;
  python: string | null;
}

/** Where the record was read: beside the image (its file path) or attached with `seedscope attach`. */
export interface RunRecordOrigin {
  kind: 'beside' | 'attached';
  /** The record file(s) as named when read or attached. */
  files: string[];
}

export interface RunRecord {
  provider: RunRecordProvider;
  /** Which published shape it was read as, e.g. `Replicate prediction`, `A1111 sysinfo`. */
  shape: string;
  origin: RunRecordOrigin;
  model: string | null;
  /** The exact version the provider ran: a Replicate version id, a dated model name, `model_version`, `--v 6.1`. */
  versionPin: string | null;
  /** The field the pin was read from. */
  versionPinField: string | null;
  seed: string | null;
  /** How the request sent the seed: `"42"` is a different request from 42 on some APIs. */
  seedSentAs: 'integer' | 'string' | null;
  prompt: string | null;
  postprocess: RunRecordFlag[];
  environment: RunEnvironment | null;
  /** What is missing and what to pin or send instead. */
  warnings: string[];
}

/** The JSON sidecar's copy of an attached record: the provider's JSON kept whole, parsed again when read. */
export interface AttachedRunRecord {
  /** The record file's name when attached (the folder is not kept: folders move). */
  fileName: string;
  /** ISO 8601, UTC. */
  attachedAt: string;
  /** The record file's JSON as it was: a request/response pair is `{ "request": …, "response": … }`. */
  json: unknown;
}

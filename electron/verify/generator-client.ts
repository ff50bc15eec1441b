// What the verify protocol needs from a generator, whichever API it speaks: check the request can run there
// (checkpoint installed, node classes present), run it with progress and cancel, and hand back the PNG with the
// generator's own read-back. A1111 and ComfyUI each implement it (a1111-client.ts, comfyui-client.ts); the same
// code path runs against the test stand-ins and a real server.

export type GeneratorKind = 'a1111' | 'comfyui';

/** The checkpoint the image was made with, as its metadata names it. */
export interface WantedCheckpoint {
  name: string;
  hash: string | null;
}

export interface A1111Request {
  kind: 'a1111';
  endpoint: 'txt2img' | 'img2img';
  /** The JSON body for /sdapi/v1/<endpoint> (StableDiffusionTxt2ImgProcessingAPI fields). */
  payload: Record<string, unknown>;
  checkpoint: WantedCheckpoint | null;
}

export type ComfyGraph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

export interface ComfyRequest {
  kind: 'comfyui';
  /** API-format graph, what POST /prompt takes as `prompt`. */
  graph: ComfyGraph;
  /** The UI workflow, sent as extra_pnginfo.workflow so the output carries it like any ComfyUI save. */
  workflow: unknown;
  checkpoint: WantedCheckpoint | null;
}

export type GeneratorRequest = A1111Request | ComfyRequest;

export interface GeneratorInfo {
  kind: GeneratorKind;
  /** The server's address as the person gave it, credentials removed. */
  address: string;
  /** False for anything but loopback: someone's remote GPU box, shown as such. */
  loopback: boolean;
  /** What the server says it is (A1111's info.version, ComfyUI's comfyui_version); null until known. */
  version: string | null;
  /** Things worth knowing that do not stop the run (a checkpoint found by name whose hash differs). */
  notes: string[];
}

export interface GenerationProgress {
  /** Sampling steps done / total of the current image, as the generator reports them. */
  step: number;
  steps: number;
}

export interface GeneratedImage {
  /** The PNG bytes as the generator sent them, its own metadata inside. */
  png: Buffer;
  /** The file name the generator gave it, if any. */
  generatorFileName: string | null;
  version: string | null;
  /** The generator's read-back: A1111's `info` JSON, ComfyUI's history entry status. */
  readBack: Record<string, unknown>;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: GenerationProgress) => void;
}

export interface GeneratorClient {
  readonly kind: GeneratorKind;
  readonly info: GeneratorInfo;
  /** Checks before the first run; throws a VerifyError naming what is missing. */
  prepare(request: GeneratorRequest, options?: RunOptions): Promise<void>;
  generate(request: GeneratorRequest, options?: RunOptions): Promise<GeneratedImage>;
}

export type VerifyErrorCode =
  | 'unreachable'
  | 'unauthorized'
  | 'checkpoint-missing'
  | 'node-missing'
  | 'run-failed'
  | 'timeout'
  | 'cancelled'
  | 'bad-answer'
  | 'no-recipe'
  | 'bad-argument';

/** A verify run that cannot go on; the message names the server or file and says what to do. */
export class VerifyError extends Error {
  constructor(
    readonly code: VerifyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VerifyError';
  }
}

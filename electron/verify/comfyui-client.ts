// The ComfyUI server API: /object_info first (every node class of the graph must exist there, and the checkpoint
// must be one of CheckpointLoader's choices), then POST /prompt with our client id, progress from its websocket
// (/ws?clientId=...: `progress`, `executing` with node null = done, `execution_error`), the outputs from
// /history/{prompt_id} and the bytes from /view. /history is also polled, so a proxy that drops websockets only
// loses the progress bar. Cancel sends /interrupt.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { recipeJsonText } from '../recipes/recipe-json';
import type {
  ComfyGraph,
  GeneratedImage,
  GeneratorClient,
  GeneratorInfo,
  GeneratorRequest,
  RunOptions,
} from './generator-client';
import { VerifyError } from './generator-client';
import {
  callGenerator,
  type GeneratorEndpoint,
  readJson,
  type ResolvedEndpoint,
  resolveEndpoint,
} from './generator-http';

type ObjectInfo = Record<
  string,
  { input?: { required?: Record<string, unknown>; optional?: Record<string, unknown> } }
>;

interface HistoryEntry {
  outputs?: Record<string, { images?: Array<{ filename: string; subfolder?: string; type?: string }> }>;
  status?: { status_str?: string; completed?: boolean; messages?: Array<[string, Record<string, unknown>]> };
}

const HISTORY_POLL_MS = 1000;
/** Inputs that name a checkpoint file in core loaders. */
const CHECKPOINT_INPUTS = ['ckpt_name', 'unet_name'];

/** The choices of a COMBO input (`[[...choices], {...}]`), or null for any other input. */
function comboChoices(spec: unknown): string[] | null {
  return Array.isArray(spec) && Array.isArray(spec[0])
    ? (spec[0] as unknown[]).filter((c): c is string => typeof c === 'string')
    : null;
}

export function missingNodeClasses(graph: ComfyGraph, info: ObjectInfo): Array<{ node: string; classType: string }> {
  return Object.entries(graph)
    .filter(([, n]) => !info[n.class_type])
    .map(([node, n]) => ({ node, classType: n.class_type }));
}

export class ComfyClient implements GeneratorClient {
  readonly kind = 'comfyui' as const;
  readonly info: GeneratorInfo;
  private readonly endpoint: ResolvedEndpoint;

  constructor(endpoint: Omit<GeneratorEndpoint, 'kind'>) {
    this.endpoint = resolveEndpoint({ ...endpoint, kind: 'comfyui' });
    this.info = {
      kind: 'comfyui',
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
        `The ComfyUI server at ${this.endpoint.base} answered ${path} with HTTP ${response.status}. Is this a ComfyUI server?`,
      );
    return readJson<T>(this.endpoint, path, response);
  }

  async prepare(request: GeneratorRequest, options: RunOptions = {}): Promise<void> {
    if (request.kind !== 'comfyui')
      throw new VerifyError('bad-argument', 'A ComfyUI server takes a ComfyUI graph, not an A1111 request.');
    const stats = await this.getJson<{ system?: { comfyui_version?: string } }>('/system_stats', options).catch(
      (err: unknown) => {
        if (err instanceof VerifyError && err.code !== 'bad-answer') throw err;
        return {} as { system?: { comfyui_version?: string } };
      },
    );
    this.info.version = stats.system?.comfyui_version ?? null;
    const info = await this.getJson<ObjectInfo>('/object_info', options);
    const missing = missingNodeClasses(request.graph, info);
    if (missing.length > 0) {
      const list = missing.map((m) => `${m.classType} (node #${m.node})`).join(', ');
      throw new VerifyError(
        'node-missing',
        `The ComfyUI server at ${this.endpoint.base} has no node class ${list}. Install the custom node pack that provides it (ComfyUI-Manager: "Install Missing Custom Nodes"), restart ComfyUI, and verify again.`,
      );
    }
    for (const [id, node] of Object.entries(request.graph)) {
      const required = info[node.class_type]?.input?.required ?? {};
      for (const input of CHECKPOINT_INPUTS) {
        const choices = comboChoices(required[input]);
        const value = node.inputs[input];
        if (choices && typeof value === 'string' && !choices.includes(value)) {
          const hash = request.checkpoint?.hash ? ` (the image wants hash ${request.checkpoint.hash})` : '';
          throw new VerifyError(
            'checkpoint-missing',
            `The ComfyUI server at ${this.endpoint.base} has no checkpoint "${value}" for node #${id} ${node.class_type}${hash}. Installed: ${choices.slice(0, 12).join(', ') || 'none'}. Put the file in models/checkpoints and restart, or verify on the machine that has it.`,
          );
        }
      }
    }
  }

  async generate(request: GeneratorRequest, options: RunOptions = {}): Promise<GeneratedImage> {
    if (request.kind !== 'comfyui') throw new VerifyError('bad-argument', 'A ComfyUI server takes a ComfyUI graph.');
    const clientId = randomUUID().replace(/-/g, '');
    const timeout = AbortSignal.timeout(this.endpoint.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const socket = await this.openSocket(clientId);
    // Messages that arrive while POST /prompt is in flight (a fast run can finish before it answers) are kept.
    const backlog: Array<[WebSocket.RawData, boolean]> = [];
    const collect = (raw: WebSocket.RawData, isBinary: boolean) => backlog.push([raw, isBinary]);
    socket?.on('message', collect);
    try {
      const promptId = await this.queue(request, clientId, options.signal);
      socket?.off('message', collect);
      const entry = await this.waitForPrompt(promptId, socket, backlog, signal, options).catch(async (err: unknown) => {
        await callGenerator(this.endpoint, '/interrupt', { method: 'POST', timeoutMs: 5000 }).catch(() => undefined);
        if (options.signal?.aborted) throw new VerifyError('cancelled', 'Verify was cancelled.');
        if (timeout.aborted)
          throw new VerifyError(
            'timeout',
            `The ComfyUI server at ${this.endpoint.base} did not finish prompt ${promptId} within ${Math.round(this.endpoint.timeoutMs / 1000)} s; it was asked to interrupt. Check its console, or raise the timeout.`,
          );
        throw err;
      });
      return await this.download(promptId, entry, options);
    } finally {
      socket?.terminate();
    }
  }

  private async queue(
    request: Extract<GeneratorRequest, { kind: 'comfyui' }>,
    clientId: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const extra = request.workflow
      ? `, "extra_data": {"extra_pnginfo": {"workflow": ${JSON.stringify(request.workflow)}}}`
      : '';
    const bodyText = `{"prompt": ${recipeJsonText(request.graph)}, "client_id": ${JSON.stringify(clientId)}${extra}}`;
    const response = await callGenerator(this.endpoint, '/prompt', { method: 'POST', bodyText, signal });
    const text = await response.text();
    if (response.status === 400) throw this.validationError(text);
    if (!response.ok)
      throw new VerifyError(
        'run-failed',
        `The ComfyUI server at ${this.endpoint.base} refused the prompt (HTTP ${response.status}: ${text.slice(0, 200)}). Its console has the traceback.`,
      );
    try {
      const id = (JSON.parse(text) as { prompt_id?: unknown }).prompt_id;
      if (typeof id === 'string' && id) return id;
    } catch {
      // falls through to the error below
    }
    throw new VerifyError(
      'bad-answer',
      `The ComfyUI server at ${this.endpoint.base} queued the prompt but sent no prompt_id (${text.slice(0, 120)}).`,
    );
  }

  /** execution.py validate_prompt's answer, in words: a missing node class, or a value (checkpoint) not in its list. */
  private validationError(text: string): VerifyError {
    let parsed: {
      error?: { type?: string; message?: string };
      node_errors?: Record<string, { class_type?: string; errors?: Array<{ type?: string; details?: string }> }>;
    } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      return new VerifyError(
        'run-failed',
        `The ComfyUI server at ${this.endpoint.base} refused the prompt: ${text.slice(0, 200)}`,
      );
    }
    const where = `The ComfyUI server at ${this.endpoint.base}`;
    if (parsed.error?.type === 'invalid_prompt' && /does not exist/.test(parsed.error.message ?? '')) {
      return new VerifyError(
        'node-missing',
        `${where}: ${parsed.error.message} Install the custom node pack that provides it and restart ComfyUI.`,
      );
    }
    const details = Object.entries(parsed.node_errors ?? {}).flatMap(([id, e]) =>
      (e.errors ?? []).map((x) => `node #${id} ${e.class_type ?? ''}: ${x.details ?? x.type ?? ''}`),
    );
    const notInList = Object.values(parsed.node_errors ?? {}).some((e) =>
      (e.errors ?? []).some((x) => x.type === 'value_not_in_list' && /ckpt_name|unet_name/.test(x.details ?? '')),
    );
    return new VerifyError(
      notInList ? 'checkpoint-missing' : 'run-failed',
      `${where} refused the prompt: ${parsed.error?.message ?? 'invalid prompt'}${details.length ? ` (${details.join('; ')})` : ''}.`,
    );
  }

  private openSocket(clientId: string): Promise<WebSocket | null> {
    const wsUrl = `${this.endpoint.base.replace(/^http/, 'ws')}/ws?clientId=${clientId}`;
    const headers = this.endpoint.authorization ? { Authorization: this.endpoint.authorization } : undefined;
    return new Promise((resolve) => {
      const ws = new WebSocket(wsUrl, { headers, handshakeTimeout: 10_000 });
      // No websocket (a proxy that drops upgrades): the run still works through /history polling.
      ws.once('open', () => resolve(ws));
      ws.once('error', () => resolve(null));
    });
  }

  private waitForPrompt(
    promptId: string,
    socket: WebSocket | null,
    backlog: Array<[WebSocket.RawData, boolean]>,
    signal: AbortSignal,
    options: RunOptions,
  ): Promise<HistoryEntry | null> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | null = null;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket?.off('message', onMessage);
        fn();
      };
      const onAbort = () => finish(() => reject(new VerifyError('cancelled', 'Verify was cancelled.')));
      const failed = (data: Record<string, unknown>) =>
        new VerifyError(
          'run-failed',
          `The ComfyUI server at ${this.endpoint.base} failed the run in node #${String(data.node_id ?? '?')} ${String(data.node_type ?? '')}: ${String(data.exception_type ?? 'error')}: ${String(data.exception_message ?? 'no message')}`,
        );
      const onMessage = (raw: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return; // preview images
        let msg: { type?: string; data?: Record<string, unknown> };
        try {
          msg = JSON.parse(raw.toString());
        } catch {
          return;
        }
        const data = msg.data ?? {};
        if (data.prompt_id !== promptId) return;
        if (msg.type === 'progress' && typeof data.value === 'number' && typeof data.max === 'number')
          options.onProgress?.({ step: data.value, steps: data.max });
        else if (msg.type === 'execution_error') finish(() => reject(failed(data)));
        else if (msg.type === 'execution_interrupted')
          finish(() =>
            reject(
              new VerifyError(
                'run-failed',
                `The ComfyUI server at ${this.endpoint.base} interrupted prompt ${promptId} (someone pressed Cancel there, or it ran out of memory).`,
              ),
            ),
          );
        else if ((msg.type === 'executing' && data.node === null) || msg.type === 'execution_success')
          finish(() => resolve(null));
      };
      const poll = async () => {
        if (settled) return;
        try {
          const history = await this.getJson<Record<string, HistoryEntry>>(`/history/${encodeURIComponent(promptId)}`, {
            signal,
          });
          const entry = history[promptId];
          if (entry?.status?.status_str === 'error') {
            const error = entry.status.messages?.find(([type]) => type === 'execution_error')?.[1];
            return finish(() =>
              reject(
                error
                  ? failed(error)
                  : new VerifyError(
                      'run-failed',
                      `The ComfyUI server at ${this.endpoint.base} reports prompt ${promptId} failed.`,
                    ),
              ),
            );
          }
          if (entry?.status?.completed || (entry && !entry.status && entry.outputs))
            return finish(() => resolve(entry));
        } catch (err) {
          if (!(err instanceof VerifyError) || err.code !== 'cancelled') return finish(() => reject(err));
        }
        if (!settled) timer = setTimeout(poll, HISTORY_POLL_MS);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      for (const [raw, isBinary] of backlog) onMessage(raw, isBinary);
      if (settled) return;
      socket?.on('message', onMessage);
      timer = setTimeout(poll, HISTORY_POLL_MS);
    });
  }

  private async download(promptId: string, known: HistoryEntry | null, options: RunOptions): Promise<GeneratedImage> {
    const entry =
      known ??
      (await this.getJson<Record<string, HistoryEntry>>(`/history/${encodeURIComponent(promptId)}`, options))[promptId];
    const image = Object.values(entry?.outputs ?? {})
      .flatMap((o) => o.images ?? [])
      .find((i) => (i.type ?? 'output') === 'output');
    if (!image)
      throw new VerifyError(
        'bad-answer',
        `The ComfyUI server at ${this.endpoint.base} finished prompt ${promptId} without saving an image (the graph needs a SaveImage node).`,
      );
    const query = new URLSearchParams({
      filename: image.filename,
      subfolder: image.subfolder ?? '',
      type: image.type ?? 'output',
    });
    const response = await callGenerator(this.endpoint, `/view?${query}`, { signal: options.signal });
    if (!response.ok)
      throw new VerifyError(
        'bad-answer',
        `The ComfyUI server at ${this.endpoint.base} could not send ${image.filename} (HTTP ${response.status}).`,
      );
    const png = Buffer.from(await response.arrayBuffer());
    return {
      png,
      generatorFileName: image.filename,
      version: this.info.version,
      readBack: { promptId, status: entry?.status ?? null, outputs: entry?.outputs ?? null },
    };
  }
}

// A stand-in for the ComfyUI server, for tests (no GPU, no weights here). Shapes from comfyanonymous/ComfyUI:
// - server.py `post_prompt`: POST /prompt {prompt, client_id, extra_data} -> {prompt_id, number, node_errors}; an
//   invalid graph -> 400 {error, node_errors}. execution.py `validate_prompt` names the two errors used here:
//   {type: "invalid_prompt", message: "Cannot execute because node X does not exist."} for an unknown class_type,
//   and "prompt_outputs_failed_validation" with a node error {type: "value_not_in_list", details: "ckpt_name: 'x'
//   not in [...]"} for a checkpoint that is not installed.
// - server.py `get_object_info`: GET /object_info -> {Class: {input: {required: {...}}, input_order, output,
//   output_is_list, output_name, name, display_name, description, python_module, category, output_node}};
//   a COMBO input is `[[choices...]]`, which is how a client reads the installed checkpoints.
// - server.py `websocket_handler`: GET /ws?clientId=..., first message `status`; execution.py / main.py send
//   {type, data}: `execution_start`, `execution_cached`, `executing` {node, display_node, prompt_id} (node null =
//   the prompt finished), `progress` {value, max, prompt_id, node}, `executed` {node, display_node, output,
//   prompt_id}, `execution_success`, `execution_error` {prompt_id, node_id, node_type, exception_message,
//   exception_type, traceback, ...}, `execution_interrupted`.
// - GET /history/{prompt_id} -> {id: {prompt: [number, id, graph, extra_data, outputs], outputs: {node: {images:
//   [{filename, subfolder, type}]}}, status: {status_str, completed, messages}}}; GET /view?filename&subfolder&type
//   -> the file; POST /interrupt; GET /system_stats -> {system: {comfyui_version, ...}, devices: [...]}.
// - nodes.py `SaveImage`: PNG text `prompt` = JSON of the graph, plus one chunk per extra_pnginfo key (`workflow`).
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { withPngTextChunks, type PngTextChunk } from '../../metadata/containers/png-write';
import { recipeJsonText } from '../../recipes/recipe-json';
import { type IgnorableParam, renderStandInPicture } from './stand-in-picture';
import { listenOnLoopback, readJsonBody, sendJson, sleep, type StandInServer } from './stand-in-http';

export type ComfyFailure = 'http-500' | 'timeout' | 'execution-error';

export interface ComfyStandInOptions {
  checkpoints?: string[];
  loras?: string[];
  /** Node classes to leave out of /object_info and refuse in a prompt. */
  missingNodes?: string[];
  noise?: boolean;
  ignore?: IgnorableParam[];
  fail?: ComfyFailure | null;
  stepDelayMs?: number;
  version?: string;
  authorization?: string;
}

export interface ComfyStandIn extends StandInServer {
  options: ComfyStandInOptions;
  calls: string[];
  /** The POST /prompt bodies received. */
  prompts: Array<Record<string, unknown>>;
}

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

interface HistoryEntry {
  prompt: unknown[];
  outputs: Record<string, { images: Array<{ filename: string; subfolder: string; type: string }> }>;
  status: { status_str: 'success' | 'error'; completed: boolean; messages: Array<[string, Record<string, unknown>]> };
}

const combo = (choices: string[]) => [choices];
const link = (type: string) => [type];

function nodeClasses(
  o: ComfyStandInOptions,
): Record<string, { required: Record<string, unknown>; output: string[]; outputNode?: boolean; category: string }> {
  const samplers = [
    'euler',
    'euler_ancestral',
    'dpmpp_2m',
    'dpmpp_2m_sde',
    'dpmpp_sde',
    'uni_pc',
    'uni_pc_bh2',
    'lcm',
    'ddim',
  ];
  const schedulers = ['normal', 'karras', 'exponential', 'sgm_uniform', 'simple', 'ddim_uniform', 'beta'];
  const all = {
    CheckpointLoaderSimple: {
      required: { ckpt_name: combo(o.checkpoints ?? ['v1-5-pruned-emaonly.safetensors']) },
      output: ['MODEL', 'CLIP', 'VAE'],
      category: 'loaders',
    },
    LoraLoader: {
      required: {
        model: link('MODEL'),
        clip: link('CLIP'),
        lora_name: combo(o.loras ?? []),
        strength_model: ['FLOAT', { default: 1 }],
        strength_clip: ['FLOAT', { default: 1 }],
      },
      output: ['MODEL', 'CLIP'],
      category: 'loaders',
    },
    CLIPTextEncode: {
      required: { text: ['STRING', { multiline: true }], clip: link('CLIP') },
      output: ['CONDITIONING'],
      category: 'conditioning',
    },
    EmptyLatentImage: {
      required: {
        width: ['INT', { default: 512 }],
        height: ['INT', { default: 512 }],
        batch_size: ['INT', { default: 1 }],
      },
      output: ['LATENT'],
      category: 'latent',
    },
    KSampler: {
      required: {
        model: link('MODEL'),
        seed: ['INT', { default: 0 }],
        steps: ['INT', { default: 20 }],
        cfg: ['FLOAT', { default: 8 }],
        sampler_name: combo(samplers),
        scheduler: combo(schedulers),
        positive: link('CONDITIONING'),
        negative: link('CONDITIONING'),
        latent_image: link('LATENT'),
        denoise: ['FLOAT', { default: 1 }],
      },
      output: ['LATENT'],
      category: 'sampling',
    },
    KSamplerAdvanced: {
      required: {
        model: link('MODEL'),
        add_noise: combo(['enable', 'disable']),
        noise_seed: ['INT', { default: 0 }],
        steps: ['INT', { default: 20 }],
        cfg: ['FLOAT', { default: 8 }],
        sampler_name: combo(samplers),
        scheduler: combo(schedulers),
        positive: link('CONDITIONING'),
        negative: link('CONDITIONING'),
        latent_image: link('LATENT'),
        start_at_step: ['INT', { default: 0 }],
        end_at_step: ['INT', { default: 10000 }],
        return_with_leftover_noise: combo(['disable', 'enable']),
      },
      output: ['LATENT'],
      category: 'sampling',
    },
    CLIPSetLastLayer: {
      required: { clip: link('CLIP'), stop_at_clip_layer: ['INT', { default: -1 }] },
      output: ['CLIP'],
      category: 'conditioning',
    },
    VAELoader: {
      required: { vae_name: combo(['vae-ft-mse-840000-ema-pruned.safetensors']) },
      output: ['VAE'],
      category: 'loaders',
    },
    LatentUpscaleBy: {
      required: {
        samples: link('LATENT'),
        upscale_method: combo(['nearest-exact', 'bilinear', 'area', 'bicubic', 'bislerp']),
        scale_by: ['FLOAT', { default: 1.5 }],
      },
      output: ['LATENT'],
      category: 'latent',
    },
    VAEDecode: { required: { samples: link('LATENT'), vae: link('VAE') }, output: ['IMAGE'], category: 'latent' },
    SaveImage: {
      required: { images: link('IMAGE'), filename_prefix: ['STRING', { default: 'ComfyUI' }] },
      output: [],
      outputNode: true,
      category: 'image',
    },
  };
  const missing = new Set(o.missingNodes ?? []);
  return Object.fromEntries(Object.entries(all).filter(([name]) => !missing.has(name)));
}

function objectInfo(o: ComfyStandInOptions): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(nodeClasses(o)).map(([name, c]) => [
      name,
      {
        input: { required: c.required },
        input_order: { required: Object.keys(c.required) },
        output: c.output,
        output_is_list: c.output.map(() => false),
        output_name: c.output,
        name,
        display_name: name,
        description: '',
        python_module: 'nodes',
        category: c.category,
        output_node: c.outputNode === true,
      },
    ]),
  );
}

/** The node a link `["id", slot]` points at. */
function linked(graph: Graph, value: unknown): { class_type: string; inputs: Record<string, unknown> } | null {
  return Array.isArray(value) && typeof value[0] === 'string' ? (graph[value[0]] ?? null) : null;
}

function pictureParams(graph: Graph) {
  const sampler = Object.values(graph).find((n) => n.class_type === 'KSampler' || n.class_type === 'KSamplerAdvanced');
  if (!sampler) throw new Error('the stand-in renders graphs with a KSampler or KSamplerAdvanced only');
  const s = sampler.inputs;
  const text = (v: unknown) => {
    const node = linked(graph, v);
    return node && typeof node.inputs.text === 'string' ? node.inputs.text : '';
  };
  const latent = linked(graph, s.latent_image)?.inputs ?? {};
  const ckpt = Object.values(graph).find((n) => n.class_type === 'CheckpointLoaderSimple')?.inputs.ckpt_name;
  const loras = Object.values(graph)
    .filter((n) => n.class_type === 'LoraLoader')
    .map((n) => `${String(n.inputs.lora_name)}@${String(n.inputs.strength_model)}`)
    .sort();
  return {
    seed: String(s.seed ?? s.noise_seed ?? 0),
    prompt: text(s.positive),
    negativePrompt: text(s.negative),
    cfg: Number(s.cfg ?? 8),
    steps: Number(s.steps ?? 20),
    sampler: String(s.sampler_name ?? 'euler'),
    scheduler: String(s.scheduler ?? 'normal'),
    width: Number(latent.width ?? 512),
    height: Number(latent.height ?? 512),
    model: [String(ckpt ?? ''), ...loras].join('|'),
  };
}

/** execution.py validate_prompt, reduced to the two checks a verify run can trip. */
function validate(
  graph: Graph,
  o: ComfyStandInOptions,
): { error: Record<string, unknown>; node_errors: Record<string, unknown> } | null {
  const classes = nodeClasses(o);
  for (const [id, node] of Object.entries(graph)) {
    if (!node || typeof node.class_type !== 'string') {
      return {
        error: {
          type: 'invalid_prompt',
          message: 'Cannot execute because a node is missing the class_type property.',
          details: `Node ID '#${id}'`,
          extra_info: {},
        },
        node_errors: {},
      };
    }
    if (!classes[node.class_type]) {
      return {
        error: {
          type: 'invalid_prompt',
          message: `Cannot execute because node ${node.class_type} does not exist.`,
          details: `Node ID '#${id}'`,
          extra_info: {},
        },
        node_errors: {},
      };
    }
  }
  const nodeErrors: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(graph)) {
    for (const [input, spec] of Object.entries(classes[node.class_type].required)) {
      const choices = Array.isArray(spec) && Array.isArray(spec[0]) ? (spec[0] as string[]) : null;
      const value = node.inputs[input];
      if (choices && typeof value === 'string' && !choices.includes(value)) {
        nodeErrors[id] = {
          errors: [
            {
              type: 'value_not_in_list',
              message: 'Value not in list',
              details: `${input}: '${value}' not in ${JSON.stringify(choices)}`,
              extra_info: { input_name: input, received_value: value },
            },
          ],
          dependent_outputs: [],
          class_type: node.class_type,
        };
      }
    }
  }
  if (Object.keys(nodeErrors).length === 0) return null;
  return {
    error: {
      type: 'prompt_outputs_failed_validation',
      message: 'Prompt outputs failed validation',
      details: '',
      extra_info: {},
    },
    node_errors: nodeErrors,
  };
}

export async function startComfyStandIn(options: ComfyStandInOptions = {}): Promise<ComfyStandIn> {
  const calls: string[] = [];
  const prompts: Array<Record<string, unknown>> = [];
  const sockets = new Map<string, WebSocket>();
  const history = new Map<string, HistoryEntry>();
  const files = new Map<string, Buffer>();
  let number = 0;
  let fileCounter = 0;
  let interrupted = false;

  const send = (clientId: string, type: string, data: Record<string, unknown>) => {
    const ws = sockets.get(clientId);
    if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type, data }));
  };

  async function execute(
    promptId: string,
    graph: Graph,
    clientId: string,
    extraPngInfo: Record<string, unknown>,
    entry: HistoryEntry,
  ): Promise<void> {
    const mode = standIn.options;
    interrupted = false;
    send(clientId, 'execution_start', { prompt_id: promptId, timestamp: Date.now() });
    send(clientId, 'execution_cached', { nodes: [], prompt_id: promptId, timestamp: Date.now() });
    if (mode.fail === 'timeout') return; // stays "running" forever: the client's timeout must fire
    for (const [id, node] of Object.entries(graph)) {
      send(clientId, 'executing', { node: id, display_node: id, prompt_id: promptId });
      if (node.class_type === 'KSampler' || node.class_type === 'KSamplerAdvanced') {
        if (mode.fail === 'execution-error') {
          const message = {
            prompt_id: promptId,
            node_id: id,
            node_type: 'KSampler',
            executed: [],
            exception_message: 'CUDA error: an illegal memory access was encountered',
            exception_type: 'RuntimeError',
            traceback: [],
            current_inputs: {},
            current_outputs: {},
            timestamp: Date.now(),
          };
          send(clientId, 'execution_error', message);
          entry.status = { status_str: 'error', completed: false, messages: [['execution_error', message]] };
          return;
        }
        const steps = Number(node.inputs.steps ?? 20);
        for (let step = 1; step <= steps; step++) {
          await sleep(mode.stepDelayMs ?? 5);
          if (interrupted) {
            const message = {
              prompt_id: promptId,
              node_id: id,
              node_type: 'KSampler',
              executed: [],
              timestamp: Date.now(),
            };
            send(clientId, 'execution_interrupted', message);
            entry.status = { status_str: 'error', completed: false, messages: [['execution_interrupted', message]] };
            return;
          }
          send(clientId, 'progress', { value: step, max: steps, prompt_id: promptId, node: id });
        }
      }
      if (node.class_type === 'SaveImage') {
        const picture = await renderStandInPicture(pictureParams(graph), { noise: mode.noise, ignore: mode.ignore });
        const chunks: PngTextChunk[] = [{ keyword: 'prompt', text: recipeJsonText(graph) }];
        for (const [key, value] of Object.entries(extraPngInfo))
          chunks.push({ keyword: key, text: JSON.stringify(value) });
        fileCounter += 1;
        const prefix =
          typeof node.inputs.filename_prefix === 'string'
            ? node.inputs.filename_prefix.replace(/[^\w-]/g, '_')
            : 'ComfyUI';
        const filename = `${prefix}_${String(fileCounter).padStart(5, '0')}_.png`;
        files.set(filename, withPngTextChunks(picture, chunks));
        const output = { images: [{ filename, subfolder: '', type: 'output' }] };
        entry.outputs[id] = output;
        send(clientId, 'executed', { node: id, display_node: id, output, prompt_id: promptId });
      }
    }
    entry.status = {
      status_str: 'success',
      completed: true,
      messages: [['execution_success', { prompt_id: promptId, timestamp: Date.now() }]],
    };
    send(clientId, 'executing', { node: null, prompt_id: promptId });
    send(clientId, 'execution_success', { prompt_id: promptId, timestamp: Date.now() });
  }

  async function postPrompt(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = (await readJsonBody(req)) as Record<string, unknown>;
    prompts.push(body);
    if (standIn.options.fail === 'http-500') {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('500 Internal Server Error\n\nServer got itself in trouble');
      return;
    }
    const graph = body.prompt as Graph | undefined;
    if (!graph || typeof graph !== 'object')
      return sendJson(res, 400, {
        error: { type: 'no_prompt', message: 'No prompt provided', details: '', extra_info: {} },
        node_errors: {},
      });
    const invalid = validate(graph, standIn.options);
    if (invalid) return sendJson(res, 400, invalid);
    const promptId = randomUUID();
    const clientId = typeof body.client_id === 'string' ? body.client_id : '';
    const extra = (body.extra_data ?? {}) as Record<string, unknown>;
    const extraPngInfo = (extra.extra_pnginfo ?? {}) as Record<string, unknown>;
    const entry: HistoryEntry = {
      prompt: [number, promptId, graph, extra, Object.keys(graph)],
      outputs: {},
      status: { status_str: 'success', completed: false, messages: [] },
    };
    history.set(promptId, entry);
    sendJson(res, 200, { prompt_id: promptId, number: number++, node_errors: {} });
    execute(promptId, graph, clientId, extraPngInfo, entry).catch((err: unknown) => {
      const message = {
        prompt_id: promptId,
        node_id: null,
        node_type: null,
        executed: [],
        exception_message: err instanceof Error ? err.message : String(err),
        exception_type: 'Exception',
        traceback: [],
        timestamp: Date.now(),
      };
      entry.status = { status_str: 'error', completed: false, messages: [['execution_error', message]] };
      send(clientId, 'execution_error', message);
    });
  }

  const server = await listenOnLoopback(
    async (req, res, url) => {
      calls.push(`${req.method} ${url.pathname}`);
      const path = url.pathname.replace(/^\/api(?=\/)/, ''); // server.py serves every route under /api too
      if (req.method === 'POST' && path === '/prompt') return postPrompt(req, res);
      if (req.method === 'GET' && path === '/object_info') return sendJson(res, 200, objectInfo(standIn.options));
      if (req.method === 'GET' && path.startsWith('/history/')) {
        const id = decodeURIComponent(path.slice('/history/'.length));
        const entry = history.get(id);
        // server.py answers {} for an id it does not know (yet), and only lists finished prompts.
        return sendJson(
          res,
          200,
          entry && (entry.status.completed || entry.status.status_str === 'error') ? { [id]: entry } : {},
        );
      }
      if (req.method === 'GET' && path === '/view') {
        const file = files.get(url.searchParams.get('filename') ?? '');
        if (!file || (url.searchParams.get('type') ?? 'output') !== 'output') {
          res.writeHead(404);
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': file.length });
        res.end(file);
        return;
      }
      if (req.method === 'POST' && path === '/interrupt') {
        interrupted = true;
        res.writeHead(200);
        res.end();
        return;
      }
      if (req.method === 'GET' && path === '/system_stats') {
        return sendJson(res, 200, {
          system: {
            os: 'posix',
            ram_total: 0,
            ram_free: 0,
            comfyui_version: standIn.options.version ?? '0.3.40',
            python_version: '3.12.0',
            pytorch_version: '2.7.0+cu128',
            embedded_python: false,
            argv: ['main.py'],
          },
          devices: [
            {
              name: 'cuda:0 stand-in (no GPU)',
              type: 'cuda',
              index: 0,
              vram_total: 0,
              vram_free: 0,
              torch_vram_total: 0,
              torch_vram_free: 0,
            },
          ],
        });
      }
      res.writeHead(404);
      res.end();
    },
    {
      authorization: options.authorization,
      onUpgrade: (httpServer) => {
        const wss = new WebSocketServer({ noServer: true });
        httpServer.on('upgrade', (req, socket, head) => {
          const url = new URL(req.url ?? '/', 'http://127.0.0.1');
          if (
            url.pathname.replace(/^\/api(?=\/)/, '') !== '/ws' ||
            (standIn?.options.authorization && req.headers.authorization !== standIn.options.authorization)
          ) {
            socket.destroy();
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => {
            const sid = url.searchParams.get('clientId') || randomUUID().replace(/-/g, '');
            sockets.set(sid, ws);
            ws.on('close', () => sockets.delete(sid));
            ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid } }));
          });
        });
        httpServer.on('close', () => {
          for (const ws of sockets.values()) ws.terminate();
          wss.close();
        });
      },
    },
  );
  const standIn: ComfyStandIn = {
    url: server.url,
    options,
    calls,
    prompts,
    close: async () => {
      for (const ws of sockets.values()) ws.terminate();
      await server.close();
    },
  };
  return standIn;
}

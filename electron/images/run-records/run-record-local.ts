// The local environment of a run (guide cause 5), from the two files local UIs publish:
// - AUTOMATIC1111/Forge "Sysinfo" (Settings > Sysinfo > Download, modules/sysinfo.py get_dict()): { Platform,
//   Python, Version, Commit, "Torch env info": torch.utils.collect_env.get_env_info()._asdict()
//   (torch_version, cuda_runtime_version, nvidia_driver_version, nvidia_gpu_models, cudnn_version, ...),
//   Packages: ["xformers==0.0.23.post1", ...], ... }.
// - ComfyUI GET /system_stats (server.py): { system: { os, python_version, comfyui_version, pytorch_version, ... },
//   devices: [{ name: "cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync", type, vram_total, ... }] }.
import type { RunEnvironment } from '../../../shared/run-record';
import {
  emptyParsed,
  isObject,
  objectAt,
  text,
  type JsonObject,
  type ParsedRunRecord,
  type RecordParts,
  type RunRecordParser,
} from './run-record-json';

function environmentObject(parts: RecordParts): JsonObject | null {
  for (const o of [parts.response, parts.request])
    if (o && (isObject(o['Torch env info']) || (isObject(o.system) && Array.isArray(o.devices)))) return o;
  return null;
}

/** collect_env writes "GPU 0: NVIDIA GeForce RTX 3090" (one line per GPU; A1111 splits lines into a list). */
function gpuModels(value: unknown): string | null {
  const lines = Array.isArray(value)
    ? value.map(text).filter((l): l is string => l !== null)
    : (text(value) ?? '').split(/\r?\n/);
  const names = lines.map((l) => l.replace(/^GPU \d+:\s*/, '').trim()).filter(Boolean);
  return names.length ? names.join(' + ') : null;
}

function packageVersion(packages: unknown, name: string): string | null {
  if (!Array.isArray(packages)) return null;
  for (const p of packages) {
    const m = typeof p === 'string' ? new RegExp(`^${name}==(.+)$`, 'i').exec(p.trim()) : null;
    if (m) return m[1] ?? null;
  }
  return null;
}

function fromA1111(o: JsonObject): RunEnvironment {
  const torch = objectAt(o, 'Torch env info');
  const packages = o.Packages;
  const pipLines =
    torch && Array.isArray(torch.pip_packages)
      ? torch.pip_packages.map((l) => (typeof l === 'string' ? l.replace(/^\[pip3?\]\s*/, '') : l))
      : [];
  return {
    gpu: gpuModels(torch?.nvidia_gpu_models),
    driver: text(torch?.nvidia_driver_version),
    cuda: text(torch?.cuda_runtime_version) ?? text(torch?.cuda_compiled_version),
    torch: text(torch?.torch_version) ?? packageVersion(packages, 'torch'),
    xformers: packageVersion(packages, 'xformers') ?? packageVersion(pipLines, 'xformers'),
    ui: 'stable-diffusion-webui',
    uiVersion: text(o.Version),
    os: text(o.Platform) ?? text(torch?.os),
    python: text(o.Python),
  };
}

function fromComfy(o: JsonObject): RunEnvironment {
  const system = objectAt(o, 'system');
  const devices = Array.isArray(o.devices) ? o.devices.filter(isObject) : [];
  const torch = text(system?.pytorch_version);
  // ComfyUI reports no CUDA version of its own; torch's local version suffix names the CUDA build (2.5.1+cu124).
  const cu = torch ? /\+cu(\d+)(\d)$/.exec(torch) : null;
  const gpu =
    devices
      .map((d) => (text(d.name) ?? '').replace(/^cuda:\d+\s+/, '').replace(/\s*:\s*\w+$/, ''))
      .filter(Boolean)
      .join(' + ') || null;
  return {
    gpu,
    driver: null,
    cuda: cu ? `${cu[1]}.${cu[2]}` : null,
    torch,
    xformers: null,
    ui: 'ComfyUI',
    uiVersion: text(system?.comfyui_version),
    os: text(system?.os),
    python: text(system?.python_version)?.split(' ')[0] ?? null,
  };
}

const ENV_FIELDS: Array<keyof RunEnvironment> = ['gpu', 'driver', 'cuda', 'torch'];

export const localParser: RunRecordParser = {
  provider: 'local',
  matches(parts) {
    return environmentObject(parts) !== null;
  },
  parse(parts): ParsedRunRecord {
    const o = environmentObject(parts) ?? {};
    const a1111 = isObject(o['Torch env info']);
    const out = emptyParsed('local', a1111 ? 'A1111 sysinfo' : 'ComfyUI system_stats');
    out.environment = a1111 ? fromA1111(o) : fromComfy(o);
    const missing = ENV_FIELDS.filter((f) => out.environment?.[f] === null);
    if (missing.length)
      out.warnings.push(
        `the environment record does not say the ${missing.join(', ')}; a change in any of them changes pixels (guide cause 5)`,
      );
    return out;
  },
};

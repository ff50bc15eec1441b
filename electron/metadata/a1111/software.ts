// Which A1111-format writer produced an infotext (metadata-formats.md §2.1 "Version strings"; the same cues as
// enslo/sd-metadata parsers/detect.ts): the `Version` value, SD.Next's `App`, Civitai's own keys, ComfyUI savers.
import type { GeneratorId } from '../../../shared/tuple';

export interface A1111Software {
  generator: GeneratorId;
  name: string;
  version: string | null;
}

export function detectA1111Software(params: ReadonlyMap<string, string>): A1111Software {
  const version = params.get('Version')?.trim() || null;
  const app = params.get('App')?.trim();
  if (app && /sd\.?next/i.test(app)) return { generator: 'sdnext', name: 'SD.Next', version };
  if (version && /^comfyui/i.test(version))
    return { generator: 'comfyui', name: 'ComfyUI (A1111-style saver text)', version };
  if ([...params.keys()].some((k) => /^Lora_\d+ Model name$/.test(k)))
    return { generator: 'comfyui', name: 'ComfyUI (A1111-style saver text)', version };
  if (params.has('Civitai resources') || params.has('Civitai metadata') || params.has('Created Date')) {
    return { generator: 'civitai', name: 'Civitai', version };
  }
  if (version) {
    // reForge: f1.0.0v2-v1.10.1RC-latest-…; EasyReforge: f1.3.0-v1.10.1RC-latest-…; Forge: f2.0.1v1.10.1-previous-…
    if (/^f\d+\.\d+\.\d+.*RC/i.test(version))
      return { generator: 'reforge', name: /^f\d+\.\d+\.\d+-v/.test(version) ? 'EasyReforge' : 'reForge', version };
    if (/^f\d/.test(version)) return { generator: 'forge', name: 'Forge', version };
    if (/^classic/i.test(version)) return { generator: 'forge', name: 'Forge Classic', version };
    if (/^neo/i.test(version)) return { generator: 'forge', name: 'Forge Neo', version };
  }
  if (params.has('Diffusion in Low Bits') || [...params.keys()].some((k) => /^Module \d+$/.test(k)))
    return { generator: 'forge', name: 'Forge', version };
  return { generator: 'a1111', name: 'AUTOMATIC1111', version };
}

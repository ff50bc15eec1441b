// Generator readers in priority order: the dispatcher (read-metadata.ts) asks each in turn and the first
// non-null answer wins. Put a reader ABOVE any reader whose sources it overlaps and should win over:
// - executed graphs (ComfyUI `prompt`, InvokeAI, NovelAI `Comment`) before saver text that merely describes them;
// - JSON `parameters` readers (Fooocus, HF space, Stability Matrix, Tensor.Art) before the A1111 text reader,
//   which only claims `parameters` text that is A1111 infotext;
// - the A1111 family last among generators, then C2PA-only files.
// One line per reader.
import type { GeneratorReader } from '../types';
import { a1111Reader } from './a1111';
import { c2paReader } from './c2pa';
import { comfyuiReader } from './comfyui';
import { drawthingsReader } from './drawthings';
import { easydiffusionReader } from './easydiffusion';
import { fooocusReader } from './fooocus';
import { hfSpaceReader } from './hf-space';
import { invokeaiReader } from './invokeai';
import { midjourneyReader } from './midjourney';
import { novelaiReader } from './novelai';
import { stabilityMatrixReader } from './stability-matrix';
import { swarmuiReader } from './swarmui';
import { tensorartReader } from './tensorart';

export const readers: GeneratorReader[] = [
  swarmuiReader, // before comfyui: Swarm's ComfyUI-backend PNGs carry a `prompt` graph too
  stabilityMatrixReader, // before comfyui: its graph plus parameters-json
  tensorartReader, // before comfyui: its graph plus generation_data
  easydiffusionReader, // before comfyui: one tEXt per key, including a plain-text `prompt`
  comfyuiReader,
  invokeaiReader,
  novelaiReader,
  fooocusReader,
  hfSpaceReader,
  drawthingsReader,
  midjourneyReader,
  // DiffusionBee has no reader: it embeds nothing in its images (parameters live only in its app history JSON).
  a1111Reader,
  c2paReader,
];

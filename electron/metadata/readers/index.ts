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

export const readers: GeneratorReader[] = [
  comfyuiReader,
  a1111Reader,
  c2paReader,
];

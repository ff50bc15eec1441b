// Facts about a tuple that several targets ask: was it made from another image, which device drew its noise.
import type { GenerationTuple } from '../../shared/tuple';

/** The first pass started from an encoded image (ComfyUI VAEEncode, NovelAI Img2ImgRequest, A1111 img2img). */
export function isImg2Img(tuple: GenerationTuple): boolean {
  if (tuple.extras['comfy.latent']?.startsWith('img2img')) return true;
  if (tuple.passes[0]?.settings['latent'] === 'img2img') return true;
  const req = tuple.extras['req'] ?? tuple.extras['request_type'] ?? tuple.extras['req_type'];
  return typeof req === 'string' && /img2img/i.test(req);
}

/**
 * The device the initial noise was drawn on: A1111 RNG GPU/CPU/NV, InvokeAI rand_device; ComfyUI and its
 * derivatives always draw it on the CPU (comfy/sample.py prepare_noise). Null when nothing says.
 */
export function noiseDevice(tuple: GenerationTuple): 'cpu' | 'cuda' | null {
  const rng = tuple.determinism.rng?.trim().toLowerCase();
  if (rng === 'cpu') return 'cpu';
  if (rng === 'gpu' || rng === 'cuda' || rng === 'nv') return 'cuda';
  if (['comfyui', 'swarmui', 'stability-matrix', 'tensorart'].includes(tuple.generator)) return 'cpu';
  return null;
}

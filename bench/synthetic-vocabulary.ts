// The vocabulary of bench/synthetic-rows.ts: prompt words, models, samplers, sizes, LoRAs, tags and the output
// folders of each generator, with a seeded PRNG so every build makes the same rows.
import type { GeneratorId, ImageFormat } from '../shared/tuple';
let state = 0x9e3779b9;

/** Back to the first value: every build generates the same rows. */
export function resetRandom(): void {
  state = 0x9e3779b9;
}

export function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
export const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
export const chance = (p: number): boolean => random() < p;
export const hex = (chars: number): string => {
  let out = '';
  while (out.length < chars)
    out += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, chars);
};

/** Picks by weight: one cumulative table, binary search (`rand`: this module's seeded PRNG unless given another). */
export function weighted<T>(items: T[], weights: number[], rand: () => number = random): () => T {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const r = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}
export const zipf = <T>(items: T[]): (() => T) =>
  weighted(
    items,
    items.map((_, k) => 1 / (k + 1)),
  );

// Prompt vocabulary: real tag words in rough popularity order, then a long synthetic tail (as bench/library.ts).
const REAL_WORDS = `masterpiece best_quality 1girl solo looking_at_viewer smile highly_detailed long_hair outdoors
  portrait cinematic_lighting blue_eyes dress sky night city landscape 8k realistic photorealistic upper_body
  short_hair blonde_hair black_hair brown_hair red_eyes green_eyes standing sitting forest flowers sunset rain
  snow beach mountain castle cyberpunk fantasy sci-fi anime digital_painting concept_art illustration sketch
  watercolor oil_painting volumetric_lighting depth_of_field bokeh dramatic_lighting soft_lighting rim_light
  detailed_face detailed_eyes intricate ornate armor sword knight witch dragon cat dog fox wolf robot mecha
  spaceship neon street cafe library kitchen bedroom window reflection water ocean river lake clouds moon stars
  galaxy aurora fire smoke fog mist golden_hour blue_hour wide_shot close-up full_body from_above from_below
  dynamic_pose action running jumping dancing holding_sword holding_book hat scarf jacket hoodie kimono uniform
  glasses earrings necklace tattoo freckles makeup lipstick wings halo horns tail elf vampire angel demon
  steampunk gothic baroque art_nouveau ukiyo-e pixel_art low_poly isometric chibi trending_on_artstation
  unreal_engine octane_render studio_ghibli film_grain 35mm analog_photo polaroid vintage retro minimalist
  abstract surreal vaporwave synthwave pastel_colors vibrant_colors monochrome sepia high_contrast hdr
  sharp_focus ultra_detailed absurdres newest very_aesthetic score_9 score_8_up score_7_up`
  .split(/\s+/)
  .map((w) => w.replace(/_/g, ' '));
export const VOCABULARY = [
  ...REAL_WORDS,
  ...Array.from({ length: 5000 }, (_, k) => `w${k.toString(36)}${'xyzq'[k % 4]}`),
];
export const pickWord = zipf(VOCABULARY);
export const SUBJECTS = [
  'a portrait of a woman in a red coat',
  'an old lighthouse on a cliff at dusk',
  'a samurai standing in a bamboo forest',
  'a cozy cabin in the snowy mountains',
  'a futuristic city skyline at night',
  'a bowl of ramen on a wooden table',
  'a girl reading under a cherry blossom tree',
  'an astronaut riding a horse on mars',
  'a dragon sleeping on a pile of gold',
  'a street market in marrakech',
  'a fox spirit in a moonlit shrine',
  'a steam locomotive crossing a viaduct',
];
export const NEGATIVES = [
  'lowres, bad anatomy, bad hands, text, error, missing fingers, extra digit, fewer digits, cropped, worst quality, low quality, normal quality, jpeg artifacts, signature, watermark, username, blurry',
  'worst quality, low quality, blurry, deformed, ugly, disfigured',
  'easynegative, badhandv4, nsfw, watermark',
  'lowres, (worst quality:1.4), (low quality:1.4), monochrome, bad_prompt_version2',
  'cartoon, 3d, painting, illustration, (worst quality, low quality:1.3)',
  '',
];

export interface Model {
  name: string;
  hash: string;
}
// Display names as A1111 writes them; ComfyUI rows carry `<folder>\\<name>.safetensors` and no hash. Two names share
// the hash of one file (a renamed download), which the model facet merges.
export const MODELS: Model[] = [
  ['waiIllustriousSDXL_v160', '45a21ea00a'],
  ['ponyDiffusionV6XL_v6StartWithThisOne', '67ab2fd8ec'],
  ['juggernautXL_v9Rundiffusionphoto2', 'c9e3e68f89'],
  ['Juggernaut-XL_v9_RunDiffusionPhoto_v2', 'c9e3e68f89'],
  ['sd_xl_base_1.0', '31e35c80fc'],
  ['realisticVisionV60B1_v51HyperVAE', 'f47e942ad4'],
  ['v1-5-pruned-emaonly', '6ce0161689'],
  ['dreamshaper_8', '879db523c3'],
  ['animagineXLV31_v31', 'e3c47aedb0'],
  ['NoobEvolution.fp16', 'bc505caab2'],
  ['epicrealismXL_v10', '1f3d0a3ec8'],
  ['counterfeitV30_v30', 'cbfba64e66'],
  ['flux1-dev-fp8', '275ef623d3'],
  ['RealVisXL_V4.0', '912c9dc74f'],
  ['majicmixRealistic_v7', '7c819b6d13'],
  ['aamXLAnimeMix_v10', 'd48c2391e0'],
  ['revAnimated_v122EOL', '4199bcdd14'],
  ['zavychromaxl_v80', 'a0ad0de4e8'],
  ['cyberrealistic_v42', '3b1e8b5f1a'],
  ['illustriousXL_v01', '5f0a6c2e77'],
].map(([name, hash]) => ({ name, hash }));
export const pickModel = zipf(MODELS);

export const SAMPLERS = [
  'DPM++ 2M',
  'Euler a',
  'Euler',
  'DPM++ SDE',
  'DPM++ 2M SDE',
  'DPM++ 3M SDE',
  'UniPC',
  'DDIM',
  'DPM++ 2S a',
  'Heun',
  'LMS',
  'DPM2',
  'DPM2 a',
  'LCM',
  'Restart',
];
export const pickSampler = zipf(SAMPLERS);
export const SCHEDULERS = ['Karras', 'Automatic', 'Normal', 'Exponential', 'SGM Uniform', 'Simple', 'Beta'];
export const pickScheduler = zipf(SCHEDULERS);
export const SIZES: Array<[number, number]> = [
  [1024, 1024],
  [832, 1216],
  [1216, 832],
  [512, 768],
  [896, 1152],
  [768, 512],
  [512, 512],
];
export const pickSize = zipf(SIZES);
export const LORAS = [
  'add_detail',
  'epiNoiseoffset_v2',
  'more_details',
  'detail_tweaker_xl',
  'lcm-lora-sdxl',
  'Hyper-SDXL-8steps-lora',
  'pixel-art-xl',
  'ghibli_style_offset',
  'film_grain_v1',
  'better_hands',
  ...Array.from(
    { length: 190 },
    (_, k) => `${['char', 'style', 'concept', 'pose'][k % 4]}${k.toString(36)}_v${1 + (k % 5)}`,
  ),
];
export const pickLora = zipf(LORAS);
export const TAGS = ['keeper', 'wallpaper', 'print', 'client', 'reference', 'wip', 'portfolio', 'nsfw-check', 'redo'];
export const pickTag = zipf(TAGS);

export interface GeneratorSpec {
  generator: GeneratorId;
  root: string;
  weight: number;
  online: boolean;
  format: ImageFormat;
  software: string;
}
export const FOLDERS: GeneratorSpec[] = [
  { generator: 'comfyui', root: '/bench/ComfyUI/output', weight: 28, online: true, format: 'png', software: 'ComfyUI' },
  {
    generator: 'a1111',
    root: '/bench/stable-diffusion-webui/outputs/txt2img-images',
    weight: 18,
    online: true,
    format: 'png',
    software: 'v1.10.1',
  },
  {
    generator: 'a1111',
    root: '/bench/stable-diffusion-webui/outputs/img2img-images',
    weight: 4,
    online: true,
    format: 'png',
    software: 'v1.10.1',
  },
  {
    generator: 'forge',
    root: '/bench/forge/outputs/txt2img-images',
    weight: 14,
    online: true,
    format: 'png',
    software: 'f2.0.1v1.10.1',
  },
  {
    generator: 'invokeai',
    root: '/bench/invokeai/outputs/images',
    weight: 8,
    online: true,
    format: 'png',
    software: '5.6.0',
  },
  {
    generator: 'fooocus',
    root: '/bench/Fooocus/outputs',
    weight: 5,
    online: true,
    format: 'png',
    software: 'Fooocus 2.5.5',
  },
  {
    generator: 'swarmui',
    root: '/bench/SwarmUI/Output/local/raw',
    weight: 4,
    online: true,
    format: 'png',
    software: 'SwarmUI 0.9.4',
  },
  {
    generator: 'novelai',
    root: '/bench/Downloads/novelai',
    weight: 4,
    online: true,
    format: 'png',
    software: 'NovelAI',
  },
  {
    generator: 'drawthings',
    root: '/bench/Pictures/Draw Things',
    weight: 3,
    online: true,
    format: 'png',
    software: 'Draw Things',
  },
  {
    generator: 'sdnext',
    root: '/bench/automatic/outputs/text',
    weight: 3,
    online: true,
    format: 'png',
    software: 'SD.Next',
  },
  {
    generator: 'civitai',
    root: '/bench/Downloads/civitai',
    weight: 3,
    online: true,
    format: 'jpeg',
    software: 'Civitai',
  },
  {
    generator: 'a1111',
    root: '/bench/external-drive/archive-2024',
    weight: 6,
    online: false,
    format: 'png',
    software: 'v1.9.4',
  },
];

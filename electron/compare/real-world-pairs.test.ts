// The pairs people actually drop in, built from real generator files (a 1024² A1111 PNG and a ComfyUI PNG from the
// corpus) with sharp and exiftool, each compared end to end: the TOP culprit is pinned, with the evidence it rests on.
// Rules and thresholds: electron/compare/README.md.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { CompareResult, Culprit } from '../../shared/compare';
import { compareImageFiles } from './compare-files';
import { BASE_PARAMS, infotext, writeCraftedImage } from './crafted-pair.fixture';
import {
  A1111_PNG,
  carryParametersInto,
  COMFY_PNG,
  copyFromCorpus,
  exiftool,
  generationChunks,
  OTHER_PNG,
  pngParameters,
  withSmallNoise,
  writeUserComment,
  writeVariant,
} from './real-world-pairs.fixture';

let dir: string;
let original: string;

function evidence(culprit: Culprit, label: string): string | undefined {
  return culprit.evidence.find((e) => e.label === label)?.value;
}

function causes(r: CompareResult): string[] {
  return r.culprits.map((c) => c.cause);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'seedscope-real-pairs-'));
  original = copyFromCorpus(dir, A1111_PNG, 'original.png');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('re-encoded copies: encoding, with the lossy side and its quality', () => {
  for (const quality of [92, 75, 50]) {
    it(`PNG vs JPEG quality ${quality} with the parameters carried over (exiftool): encoding, not hardware`, async () => {
      const copy = await writeVariant(dir, `q${quality}.jpg`, sharp(original).jpeg({ quality }));
      carryParametersInto(original, copy);
      const r = await compareImageFiles(original, copy);
      assert.ok(
        r.tupleDiff.length > 0 && r.tupleDiff.every((row) => row.same),
        'the copy reads back the same parameters',
      );
      const top = r.culprits[0];
      assert.equal(top.cause, 'encoding');
      assert.equal(top.likelihood, 'high');
      assert.equal(evidence(top, 'lossy side'), 'B');
      assert.match(
        evidence(top, 'JPEG quality (estimated)') ?? '',
        new RegExp(`^${quality} \\(its quantisation tables are the IJG tables`),
      );
      assert.match(top.explanation, /B is a lossy copy/);
      assert.match(top.explanation, /can never be bit-identical/);
      assert.equal(r.b.encoding?.quality, quality);
      assert.ok(!causes(r).includes('hardware'));
    });
  }

  it('PNG vs a metadata-stripped JPEG: encoding first, the missing parameters second', async () => {
    const copy = await writeVariant(dir, 'stripped.jpg', sharp(original).jpeg({ quality: 80 }));
    const r = await compareImageFiles(original, copy);
    assert.deepEqual(causes(r).slice(0, 2), ['encoding', 'metadata-missing']);
    assert.equal(r.culprits[1].likelihood, 'medium');
    assert.match(r.culprits[0].fixCode ?? '', /seedscope similar/);
  });

  it('two JPEG qualities of one picture (a copy of a copy, metadata kept by sharp): the lower quality is the lossy side', async () => {
    const first = await writeVariant(dir, 'share-95.jpg', sharp(original).jpeg({ quality: 95 }));
    carryParametersInto(original, first);
    const second = await writeVariant(dir, 'share-70.jpg', sharp(first).keepMetadata().jpeg({ quality: 70 }));
    const r = await compareImageFiles(first, second);
    assert.equal(r.b.hasTuple, true, 'sharp kept the EXIF parameters');
    assert.equal(r.culprits[0].cause, 'encoding');
    assert.equal(evidence(r.culprits[0], 'lossy side'), 'B');
    assert.deepEqual([r.a.encoding?.quality, r.b.encoding?.quality], [95, 70]);
  });

  it('PNG vs lossy WebP and vs AVIF: encoding; PNG vs lossless WebP: bit-identical, no culprit', async () => {
    const webp = await writeVariant(dir, 'copy.webp', sharp(original).webp({ quality: 80 }));
    carryParametersInto(original, webp);
    const w = await compareImageFiles(original, webp);
    assert.equal(w.culprits[0].cause, 'encoding');
    assert.equal(w.b.encoding?.codec, 'WebP VP8 (lossy)');
    const avif = await writeVariant(dir, 'copy.avif', sharp(original).avif({ quality: 50 }));
    const a = await compareImageFiles(original, avif);
    assert.equal(a.culprits[0].cause, 'encoding');
    assert.match(evidence(a.culprits[0], 'B container / codec') ?? '', /AVIF/);
    const lossless = await writeVariant(dir, 'lossless.webp', sharp(original).webp({ lossless: true }));
    carryParametersInto(original, lossless);
    const l = await compareImageFiles(original, lossless);
    assert.equal(l.verdict, 'bit-identical');
    assert.deepEqual(l.culprits, []);
  });
});

describe('crops and upscales made outside the generator: geometry, measured on the aligned overlap', () => {
  it('a crop keeping the parameters: the crop box is found exactly and the overlap is pixel-identical', async () => {
    const crop = await writeVariant(
      dir,
      'crop.png',
      sharp(original).extract({ left: 100, top: 150, width: 700, height: 600 }).png(),
      generationChunks(original),
    );
    const r = await compareImageFiles(original, crop);
    assert.deepEqual(r.alignment?.box, { x: 100, y: 150, width: 700, height: 600 });
    assert.equal(r.alignment?.kind, 'crop');
    assert.equal(r.sizeMismatch?.method, 'crop');
    assert.deepEqual(
      [r.pixel.width, r.pixel.height, r.pixel.changedPixels, r.pixel.ssim],
      [700, 600, 0, 1],
      'stats of the overlap, not of a stretched copy',
    );
    const top = r.culprits[0];
    assert.equal(top.cause, 'geometry');
    assert.equal(top.likelihood, 'high');
    assert.equal(evidence(top, 'crop box (in the larger image)'), 'x 100, y 150, 700x600 of A');
    assert.match(top.explanation, /B is a crop of A/);
    assert.ok(!causes(r).includes('hardware'));
  });

  it('a crop re-encoded as JPEG without metadata: still geometry, with the containers in the evidence', async () => {
    const crop = await writeVariant(
      dir,
      'crop.jpg',
      sharp(original).extract({ left: 37, top: 5, width: 512, height: 640 }).jpeg({ quality: 90 }),
    );
    const r = await compareImageFiles(crop, original);
    assert.equal(r.culprits[0].cause, 'geometry');
    assert.deepEqual(r.alignment?.box, { x: 37, y: 5, width: 512, height: 640 });
    assert.equal(r.alignment?.larger, 'b');
    assert.match(evidence(r.culprits[0], 'containers') ?? '', /A JPEG, quality 90/);
  });

  it('an x1.5 upscale keeping the parameters: geometry with the scale factor, recorded sizes equal', async () => {
    const up = await writeVariant(
      dir,
      'up15.png',
      sharp(original).resize(1536, 1536, { kernel: 'lanczos3' }).png({ compressionLevel: 1 }),
      generationChunks(original),
    );
    const r = await compareImageFiles(original, up);
    assert.equal(r.alignment?.kind, 'scale');
    assert.equal(r.alignment?.scaleX, 1.5);
    const top = r.culprits[0];
    assert.equal(top.cause, 'geometry');
    assert.equal(evidence(top, 'scale factor'), 'x1.5 (B larger)');
    assert.equal(evidence(top, 'recorded generation size'), '1024x1024');
    assert.match(top.explanation, /upscaled after generation/);
  });

  it('an x2 upscale saved as JPEG without metadata: geometry, scale x2', async () => {
    const up = await writeVariant(dir, 'up2.jpg', sharp(original).resize(2048, 2048).jpeg({ quality: 90 }));
    const r = await compareImageFiles(up, original);
    assert.equal(r.culprits[0].cause, 'geometry');
    assert.equal(r.alignment?.larger, 'a');
    assert.equal(evidence(r.culprits[0], 'scale factor'), 'x2 (A larger)');
  });

  it('a hires-fix output (Forge, recorded Size 1024x1024, Hires upscale 1.5) vs its 1024² downscale: geometry, medium, the recorded hires step named', async () => {
    const hires = copyFromCorpus(dir, 'forge/sdm_jpg_forge-classic-hires.jpeg', 'hires.jpeg');
    const down = await writeVariant(dir, 'hires-down.jpg', sharp(hires).resize(1024, 1024).jpeg({ quality: 95 }));
    exiftool('-q', '-overwrite_original', '-tagsFromFile', hires, '-EXIF:UserComment', down);
    const r = await compareImageFiles(hires, down);
    assert.ok(
      r.tupleDiff.every((row) => row.same),
      'the downscale carries the same parameters',
    );
    const top = r.culprits[0];
    assert.deepEqual([top.cause, top.likelihood], ['geometry', 'medium']);
    assert.match(evidence(top, 'recorded resizing step') ?? '', /hires/i);
    assert.match(top.explanation, /upscaled, either after generation or by the recorded hires pass/);
  });

  it('unrelated pictures of different sizes: no alignment is claimed, the stated resize is used, geometry is not high', async () => {
    const other = await writeVariant(
      dir,
      'other-small.png',
      sharp(copyFromCorpus(dir, OTHER_PNG, 'other3.png'))
        .resize(640, 640)
        .png(),
    );
    const r = await compareImageFiles(original, other);
    assert.equal(r.alignment, null);
    assert.equal(r.sizeMismatch?.method, 'resize');
    assert.equal(r.verdict, 'different');
    const geometry = r.culprits.find((c) => c.cause === 'geometry');
    assert.notEqual(geometry?.likelihood, 'high');
    assert.equal(r.culprits[0].cause, 'metadata-missing', 'B has no parameters and the pictures differ');
  });
});

describe('metadata that cannot describe the picture', () => {
  it('a strip (same pixels, no parameters): bit-identical, the missing parameters named with low likelihood', async () => {
    const stripped = await writeVariant(dir, 'stripped.png', sharp(original).png());
    const r = await compareImageFiles(original, stripped);
    assert.equal(r.verdict, 'bit-identical');
    assert.deepEqual(causes(r), ['metadata-missing']);
    assert.equal(r.culprits[0].likelihood, 'low');
  });

  it('placeholder parameters written by exiftool (Seed: 0, prompt "unknown") on another picture: metadata-missing, seed and prompt diffs demoted', async () => {
    const other = await writeVariant(
      dir,
      'placeholder.jpg',
      sharp(copyFromCorpus(dir, OTHER_PNG, 'other.png')).jpeg({ quality: 95 }),
    );
    writeUserComment(
      other,
      'unknown\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 0, Size: 1024x1024, Model hash: 45a21ea00a, Model: waiIllustriousSDXL_v160',
    );
    const r = await compareImageFiles(original, other);
    const top = r.culprits[0];
    assert.equal(top.cause, 'metadata-missing');
    assert.equal(top.likelihood, 'high');
    assert.match(top.explanation, /placeholders \(B seed 0, B prompt "unknown"\)/);
    const seed = r.culprits.find((c) => c.cause === 'seed');
    assert.equal(seed?.likelihood, 'low');
    assert.match(seed?.explanation ?? '', /placeholder/);
    assert.ok(!causes(r).includes('hardware'));
  });

  it('unrelated pictures carrying the same parameters (copied with exiftool): the metadata does not describe them, never hardware', async () => {
    const other = await writeVariant(
      dir,
      'unrelated.jpg',
      sharp(copyFromCorpus(dir, OTHER_PNG, 'other2.png')).jpeg({ quality: 95 }),
    );
    carryParametersInto(original, other);
    const r = await compareImageFiles(original, other);
    assert.equal(r.verdict, 'different');
    assert.ok(r.tupleDiff.every((row) => row.same));
    const top = r.culprits[0];
    assert.equal(top.cause, 'metadata-missing');
    assert.match(top.explanation, /metadata does not describe/);
    assert.ok(!causes(r).includes('hardware'));
  });

  it('a hand-edited parameter on real pixels (exiftool edits the text, pixels untouched): cached-image', async () => {
    const copy = await writeVariant(dir, 'edit-a.jpg', sharp(original).jpeg({ quality: 90 }));
    carryParametersInto(original, copy);
    const edited = join(dir, 'edit-b.jpg');
    copyFileSync(copy, edited);
    writeUserComment(edited, pngParameters(original).replace('CFG scale: 7,', 'CFG scale: 7.5,'));
    const r = await compareImageFiles(copy, edited);
    assert.equal(r.verdict, 'bit-identical');
    const top = r.culprits[0];
    assert.equal(top.cause, 'cached-image');
    assert.deepEqual([top.a, top.b], ['7', '7.5']);
    assert.match(top.explanation, /stuck on a cached image/);
  });
});

describe('GPU nondeterminism, only when the evidence says so', () => {
  it("A1111 PNG vs the same parameters on pixels with small noise: hardware, naming A1111's unrecorded GPU noise", async () => {
    const noisy = await writeVariant(dir, 'noisy.png', await withSmallNoise(original), generationChunks(original));
    const r = await compareImageFiles(original, noisy);
    assert.equal(r.verdict, 'visually-identical');
    const top = r.culprits[0];
    assert.equal(top.cause, 'hardware');
    assert.equal(top.likelihood, 'high');
    assert.match(top.explanation, /AUTOMATIC1111 omits it when it is the default, GPU/);
    assert.match(top.fix, /Random number generator source = CPU/);
  });

  it('ComfyUI PNG vs the same graph on pixels with small noise: hardware named for ComfyUI (no A1111 wording)', async () => {
    const comfy = copyFromCorpus(dir, COMFY_PNG, 'comfy.png');
    const noisy = await writeVariant(dir, 'comfy-noisy.png', await withSmallNoise(comfy), generationChunks(comfy));
    const r = await compareImageFiles(comfy, noisy);
    const top = r.culprits[0];
    assert.equal(top.cause, 'hardware');
    assert.match(top.explanation, /lossless ComfyUI output/);
    assert.doesNotMatch(`${top.explanation} ${top.fix}`, /A1111|AUTOMATIC1111/);
    assert.match(top.fix, /ComfyUI's default/);
    assert.equal(top.likelihood, 'medium', 'no nondeterministic setting recorded, deltas tiny');
  });

  it('the same noise, but one side saved as JPEG: not hardware (a lossy side explains small deltas)', async () => {
    const noisyJpeg = await writeVariant(dir, 'noisy.jpg', (await withSmallNoise(original)).jpeg({ quality: 95 }));
    carryParametersInto(original, noisyJpeg);
    const r = await compareImageFiles(original, noisyJpeg);
    assert.equal(r.culprits[0].cause, 'encoding');
    assert.ok(!causes(r).includes('hardware'));
  });
});

describe('verdict edge cases, each with its stated rule', () => {
  it('a uniform +2 shift on a flat image: visually identical, named as a levels/colour edit, not the GPU', async () => {
    const flat = {
      data: Buffer.alloc(256 * 256 * 4, 128),
      width: 256,
      height: 256,
      channels: 4 as const,
      hadAlpha: false,
    };
    for (let i = 3; i < flat.data.length; i += 4) flat.data[i] = 255;
    const shifted = { ...flat, data: Buffer.from(flat.data) };
    for (let i = 0; i < shifted.data.length; i++) if (i % 4 !== 3) shifted.data[i] += 2;
    const text = infotext({ prompt: 'a grey wall', params: BASE_PARAMS });
    const r = await compareImageFiles(
      await writeCraftedImage(dir, 'flat-a.png', flat, text),
      await writeCraftedImage(dir, 'flat-b.png', shifted, text),
    );
    assert.equal(r.verdict, 'visually-identical');
    const top = r.culprits[0];
    assert.deepEqual([top.cause, top.field, top.likelihood], ['postprocess', 'pixels.levels', 'high']);
    assert.match(top.explanation, /all in the same direction \(B is brighter/);
    assert.ok(!causes(r).includes('hardware'));
  });

  it('a face-restore-like pass (one area reworked, many pixels changed, SSIM high): similar, named as a local rework', async () => {
    const face = await sharp(original).extract({ left: 352, top: 180, width: 320, height: 320 }).median(7).toBuffer();
    const restored = await writeVariant(
      dir,
      'restored.png',
      sharp(original)
        .composite([{ input: face, left: 352, top: 180 }])
        .png(),
      generationChunks(original),
    );
    const r = await compareImageFiles(original, restored);
    assert.ok(r.pixel.ssim >= 0.9, `SSIM ${r.pixel.ssim}`);
    assert.ok(r.pixel.changedPixels > 50_000, 'many pixels changed');
    assert.equal(r.verdict, 'similar', 'a visible local change is never "visually identical"');
    const top = r.culprits[0];
    assert.deepEqual([top.cause, top.field], ['postprocess', 'pixels.region']);
    assert.match(evidence(top, 'reworked box') ?? '', /^x 3\d\d, y 1\d\d, 3\d\dx3\d\d$/);
    assert.ok(!causes(r).includes('hardware'));
  });
});

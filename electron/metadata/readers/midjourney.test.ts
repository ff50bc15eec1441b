// The Midjourney web download of the corpus (INDEX.md: --v 4, Job ID, Author, no seed/steps/cfg) and the flag parser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetadata } from '../read-metadata';
import { parseMidjourneyPrompt } from './midjourney';

const CORPUS = join(__dirname, '../../../../../shared/corpus');

test('Midjourney: prompt without flags, --v 4 as the model version, job id, no seed', () => {
  const report = readMetadata(readFileSync(join(CORPUS, 'midjourney/picteus_image-description.png')));
  const t = report.tuple!;
  assert.equal(report.generator, 'midjourney');
  assert.equal(t.prompt, 'dream caused by the buzz of a bee 3 seconds before wake up');
  assert.equal(t.model, 'Midjourney');
  assert.equal(t.modelVersion, '4');
  assert.deepEqual([t.seed, t.steps, t.cfg, t.sampler], [null, null, null, null]);
  assert.equal(t.extras['midjourney.jobId'], 'ce230fb8-1f1f-45cd-b7dd-6e4295cfd913');
  assert.equal(t.extras['midjourney.Author'], 'KoppaSoft');
  assert.equal(
    t.extras['xmp.DigitalSourceType'],
    'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
  );
});

test('Midjourney flags: --seed is the only seed, --niji names the model line, aliases kept', () => {
  const parsed = parseMidjourneyPrompt('https://s.mj.run/abc a red fox --ar 3:2 --s 250 --seed 1234 --niji 6 --raw');
  assert.equal(parsed.prompt, 'https://s.mj.run/abc a red fox');
  assert.deepEqual(
    [...parsed.flags],
    [
      ['ar', '3:2'],
      ['s', '250'],
      ['seed', '1234'],
      ['niji', '6'],
      ['raw', ''],
    ],
  );
});

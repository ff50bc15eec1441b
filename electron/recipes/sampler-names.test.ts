import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyTuple } from '../../shared/tuple';
import { a1111Sampler, comfySampler } from './sampler-names';

const settings = (
  sampler: string | null,
  samplerId: string | null,
  scheduler: string | null,
  schedulerId: string | null,
) => ({ ...emptyTuple('a1111'), sampler, samplerId, scheduler, schedulerId });

test('A1111 names: "Automatic" and a missing scheduler become the schedule they stood for', () => {
  assert.deepEqual(a1111Sampler(settings('Euler a', 'euler_ancestral', 'Automatic', 'normal')), {
    sampler: 'Euler a',
    scheduler: 'Uniform',
    unknown: [],
  });
  assert.deepEqual(a1111Sampler(settings('DPM++ 2M', 'dpmpp_2m', 'Automatic', 'karras')), {
    sampler: 'DPM++ 2M',
    scheduler: 'Karras',
    unknown: [],
  });
  assert.deepEqual(a1111Sampler(settings('DPM++ 2M SDE', 'dpmpp_2m_sde', null, null)), {
    sampler: 'DPM++ 2M SDE',
    scheduler: 'Exponential',
    unknown: [],
  });
  assert.deepEqual(a1111Sampler(settings('dpmpp_2m_sde_gpu', 'dpmpp_2m_sde_gpu', 'karras', 'karras')), {
    sampler: 'DPM++ 2M SDE',
    scheduler: 'Karras',
    unknown: [],
  });
  assert.deepEqual(a1111Sampler(settings('k_euler', 'euler', 'native', 'native')).unknown, [
    'scheduler "native" has no A1111 name; passed through as written',
  ]);
  assert.equal(a1111Sampler(settings('uni_pc_bh2', 'uni_pc_bh2', 'normal', 'normal')).unknown.length, 1);
});

test('ComfyUI names: ids pass through; A1111 Automatic becomes karras/exponential/normal; unknowns are reported', () => {
  assert.deepEqual(comfySampler(settings('Euler a', 'euler_ancestral', 'Automatic', 'normal')), {
    sampler: 'euler_ancestral',
    scheduler: 'normal',
    unknown: [],
  });
  assert.deepEqual(comfySampler(settings('DPM++ 2M', 'dpmpp_2m', null, null)), {
    sampler: 'dpmpp_2m',
    scheduler: 'karras',
    unknown: [],
  });
  assert.equal(
    comfySampler(settings('SDTurboScheduler', 'euler_ancestral', 'SDTurboScheduler', 'sdturboscheduler')).unknown
      .length,
    1,
  );
});

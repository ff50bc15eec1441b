import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalSampler, canonicalScheduler } from './samplers';

// [tool's sampler, tool's scheduler, samplerId, schedulerId, who writes it]
const TABLE: Array<[string, string | null, string | null, string | null, string]> = [
  ['DPM++ 2M', 'Karras', 'dpmpp_2m', 'karras', 'A1111 ≥1.9'],
  ['DPM++ 2M Karras', null, 'dpmpp_2m', 'karras', 'A1111 <1.9 combined'],
  ['dpmpp_2m', 'karras', 'dpmpp_2m', 'karras', 'ComfyUI'],
  ['dpmpp_2m_k', null, 'dpmpp_2m', 'karras', 'InvokeAI'],
  ['DPM++ 2M', 'Automatic', 'dpmpp_2m', 'karras', 'A1111 Automatic = the sampler default'],
  ['Euler a', 'Automatic', 'euler_ancestral', 'normal', 'A1111'],
  ['Euler a', null, 'euler_ancestral', null, 'A1111 without schedule'],
  ['euler_a', null, 'euler_ancestral', null, 'InvokeAI'],
  ['k_euler_ancestral', 'karras', 'euler_ancestral', 'karras', 'NovelAI'],
  ['k_euler', 'native', 'euler', 'native', 'NovelAI'],
  ['euler_ancestral_karras', null, 'euler_ancestral', 'karras', 'Comfy saver A1111 text'],
  ['euler_simple', null, 'euler', 'simple', 'comfy-image-saver'],
  ['Euler Ancestral Karras', null, 'euler_ancestral', 'karras', 'Stability Matrix'],
  ['Euler a', 'karras', 'euler_ancestral', 'karras', 'SD.Next Sampler sigma'],
  ['dpmpp_2m_sde_gpu', 'karras', 'dpmpp_2m_sde_gpu', 'karras', 'Fooocus'],
  ['DPM++ 2M SDE', 'Automatic', 'dpmpp_2m_sde', 'exponential', 'A1111'],
  ['DPM++ SDE Karras', null, 'dpmpp_sde', 'karras', 'A1111 <1.9'],
  ['UniPC', null, 'uni_pc', null, 'A1111'],
  ['unipc_k', null, 'uni_pc', 'karras', 'InvokeAI'],
  ['kdpm_2_a', null, 'dpm_2_ancestral', null, 'InvokeAI'],
  ['DDIM', 'SGM Uniform', 'ddim', 'sgm_uniform', 'A1111'],
  ['sample_dpmpp_2m', 'normal', 'dpmpp_2m', 'normal', 'old ComfyUI'],
  ['sample_euler_ancestral', null, 'euler_ancestral', null, 'k-diffusion function name'],
  ['sample_dpmpp_2m_karras', null, 'dpmpp_2m', 'karras', 'k-diffusion name with a schedule suffix'],
  ['k_dpmpp_2m', null, 'dpmpp_2m', null, 'A1111 alias / NovelAI'],
  ['k_dpmpp_2m_ka', null, 'dpmpp_2m', 'karras', 'A1111 <1.6 alias of DPM++ 2M Karras'],
  ['k_dpmpp_2m_sde_exp', null, 'dpmpp_2m_sde', 'exponential', 'A1111 <1.6 alias of DPM++ 2M SDE Exponential'],
  ['k_dpm_2_a', null, 'dpm_2_ancestral', null, 'A1111 alias of DPM2 a'],
  ['k_dpmpp_2s_a', null, 'dpmpp_2s_ancestral', null, 'A1111 alias of DPM++ 2S a'],
  ['k_dpm_ad', null, 'dpm_adaptive', null, 'A1111 alias of DPM adaptive'],
  ['dpm2_a', null, 'dpm_2_ancestral', null, 'Easy Diffusion'],
  ['dpmpp_2s_a', null, 'dpmpp_2s_ancestral', null, 'Easy Diffusion'],
  ['DPM++ 2M SDE Heun Karras', null, 'dpmpp_2m_sde_heun', 'karras', 'A1111 <1.9 combined'],
  ['DPM++ 2M AYS', null, 'dpmpp_2m', 'align_your_steps', 'Draw Things'],
  ['Euler A Trailing', null, 'euler_ancestral', 'trailing', 'Draw Things'],
  ['k_lms', null, 'lms', null, 'InvokeAI 2.x'],
  ['Euler FlowMatch', null, 'euler_flowmatch', null, 'unknown name: a stable slug'],
  ['', 'Karras', null, 'karras', 'no sampler'],
];

test('canonical sampler/scheduler table', () => {
  for (const [sampler, scheduler, samplerId, schedulerId, who] of TABLE) {
    assert.deepEqual(
      canonicalSampler(sampler, scheduler),
      { samplerId, schedulerId },
      `${who}: ${sampler} / ${scheduler}`,
    );
  }
});

test('the same run written by three tools compares equal', () => {
  const a = canonicalSampler('DPM++ 2M', 'Karras');
  assert.deepEqual(canonicalSampler('DPM++ 2M Karras'), a);
  assert.deepEqual(canonicalSampler('dpmpp_2m', 'karras'), a);
  assert.deepEqual(canonicalSampler('dpmpp_2m_k'), a);
  assert.notDeepEqual(canonicalSampler('DPM++ 2M SDE', 'Karras'), a);
});

test('a renamed alias is one sampler: A1111 names, ComfyUI ids, k-diffusion function names and short aliases agree', () => {
  const groups: Array<Array<[string, string | null]>> = [
    [
      ['dpmpp_2m', 'karras'],
      ['sample_dpmpp_2m', 'karras'],
      ['DPM++ 2M Karras', null],
      ['DPM++ 2M', 'Karras'],
      ['k_dpmpp_2m_ka', null],
      ['dpmpp_2m_k', null],
    ],
    [
      ['euler_ancestral', 'normal'],
      ['Euler a', 'Automatic'],
      ['sample_euler_ancestral', 'normal'],
      ['k_euler_a', 'normal'],
      ['euler_a', 'normal'],
    ],
    [
      ['dpm_2_ancestral', null],
      ['DPM2 a', null],
      ['k_dpm_2_a', null],
      ['kdpm_2_a', null],
      ['dpm2_a', null],
    ],
    [
      ['uni_pc', null],
      ['UniPC', null],
      ['unipc', null],
    ],
  ];
  for (const group of groups) {
    const [first, ...rest] = group.map(([name, scheduler]) => ({ name, ids: canonicalSampler(name, scheduler) }));
    for (const other of rest) assert.deepEqual(other.ids, first!.ids, `${other.name} vs ${first!.name}`);
  }
  // Different samplers stay different: the GPU noise variant and the SDE variant are not aliases.
  assert.notEqual(canonicalSampler('dpmpp_2m_sde_gpu').samplerId, canonicalSampler('dpmpp_2m_sde').samplerId);
  assert.notEqual(canonicalSampler('sample_dpmpp_2m').samplerId, canonicalSampler('dpmpp_2m_sde').samplerId);
});

test("ComfyUI's sampler and scheduler nodes, named by class, give the ids their options would", () => {
  assert.deepEqual(canonicalSampler('SamplerDPMPP_SDE', 'GITSScheduler'), {
    samplerId: 'dpmpp_sde',
    schedulerId: 'gits',
  });
  assert.deepEqual(canonicalSampler('SamplerEulerAncestral', 'KarrasScheduler'), {
    samplerId: 'euler_ancestral',
    schedulerId: 'karras',
  });
  assert.equal(canonicalScheduler('SDTurboScheduler'), 'sd_turbo');
  assert.equal(canonicalSampler('SamplerDPMPP_2M_SDE').samplerId, 'dpmpp_2m_sde');
});

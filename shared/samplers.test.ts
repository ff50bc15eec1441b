import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalSampler } from './samplers';

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
  ['k_lms', null, 'lms', null, 'InvokeAI 2.x'],
  ['Euler FlowMatch', null, 'euler_flowmatch', null, 'unknown name: a stable slug'],
  ['', 'Karras', null, 'karras', 'no sampler'],
];

test('canonical sampler/scheduler table', () => {
  for (const [sampler, scheduler, samplerId, schedulerId, who] of TABLE) {
    assert.deepEqual(canonicalSampler(sampler, scheduler), { samplerId, schedulerId }, `${who}: ${sampler} / ${scheduler}`);
  }
});

test('the same run written by three tools compares equal', () => {
  const a = canonicalSampler('DPM++ 2M', 'Karras');
  assert.deepEqual(canonicalSampler('DPM++ 2M Karras'), a);
  assert.deepEqual(canonicalSampler('dpmpp_2m', 'karras'), a);
  assert.deepEqual(canonicalSampler('dpmpp_2m_k'), a);
  assert.notDeepEqual(canonicalSampler('DPM++ 2M SDE', 'Karras'), a);
});

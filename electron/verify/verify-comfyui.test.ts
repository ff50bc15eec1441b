// Verify against the ComfyUI stand-in in each of its modes: the three checks, the outputs with their `prompt` and
// `workflow` chunks indexed as ComfyUI images; progress over the websocket and cancel; every error (node class
// missing, checkpoint not installed, HTTP 500, a failed run, timeout, token refused).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ComfyClient } from './comfyui-client';
import { startComfyStandIn, type ComfyStandIn } from './stand-ins/comfyui-stand-in';
import {
  COMFY_CHECKPOINT,
  COMFY_IMAGE,
  freshLibrary,
  indexedCopy,
  standInOriginal,
  verify,
  verifyOutputs,
  type TestLibrary,
} from './verify-test-kit.fixture';

let t: TestLibrary;
let standIn: ComfyStandIn;
let original: { path: string; imageId: number };

before(async () => {
  t = freshLibrary('verify-comfy');
  standIn = await startComfyStandIn({ checkpoints: [COMFY_CHECKPOINT], stepDelayMs: 1 });
  original = await standInOriginal(t, new ComfyClient({ url: standIn.url }), COMFY_IMAGE, 'original.png');
});
after(async () => {
  await standIn.close();
  t.cleanup();
});

const grades = (checks: Array<{ check: string; grade: string }>) =>
  Object.fromEntries(checks.map((c) => [c.check, c.grade]));
const client = (extra: { timeoutMs?: number; token?: string } = {}) => new ComfyClient({ url: standIn.url, ...extra });

describe('the three checks against the ComfyUI stand-in', () => {
  test('deterministic pipeline: every check passes; outputs carry prompt + workflow and index as ComfyUI', async () => {
    const { record, error } = await verify(t, {
      imagePath: original.path,
      imageId: original.imageId,
      client: client(),
    });
    assert.equal(error, null);
    assert.deepEqual(grades(record.checks), { deterministic: 'pass', reproduces: 'pass', responsive: 'pass' });
    assert.equal(record.generatorVersion, '0.3.40', 'from /system_stats');
    assert.match(record.checks[2].line, /^Responsive: yes\. cfg \d+(\.\d+)? -> \d+(\.\d+)? changed/);
    const rerun = t.library.imageByPath(record.outputs[0]);
    assert.equal(rerun?.generator, 'comfyui');
    const sources = rerun?.report.raw.map((r) => r.source) ?? [];
    assert.ok(
      sources.some((s) => s.endsWith(':prompt')),
      `prompt chunk in ${sources.join(', ')}`,
    );
    assert.ok(
      sources.some((s) => s.endsWith(':workflow')),
      'the original workflow travelled as extra_pnginfo',
    );
    const sent = standIn.prompts.at(-1) as { client_id?: unknown };
    assert.equal(typeof sent.client_id, 'string', 'POST /prompt carries our client id');
    assert.ok(standIn.calls.includes('GET /object_info'), 'node classes were checked first');
  });

  test('GPU-like noise: close / close / pass', async () => {
    standIn.options.noise = true;
    try {
      const { record } = await verify(t, { imagePath: original.path, imageId: original.imageId, client: client() });
      assert.deepEqual(grades(record.checks), { deterministic: 'close', reproduces: 'close', responsive: 'pass' });
      assert.match(record.summary, /^Grade: close\./);
    } finally {
      standIn.options.noise = false;
    }
  });

  test('cached (cfg ignored): responsive fails with identical pixels', async () => {
    standIn.options.ignore = ['cfg'];
    try {
      const cachedOriginal = await standInOriginal(t, client(), COMFY_IMAGE, 'original-cached.png');
      const { record } = await verify(t, {
        imagePath: cachedOriginal.path,
        imageId: cachedOriginal.imageId,
        client: client(),
        runs: 2,
      });
      assert.deepEqual(grades(record.checks), { deterministic: 'pass', reproduces: 'pass', responsive: 'fail' });
      assert.match(record.checks[2].line, /gave identical pixels: the generator ignores cfg or returns a cached image/);
    } finally {
      standIn.options.ignore = [];
    }
  });

  test('--nudge seed: a different seed must change the picture', async () => {
    const { record } = await verify(t, {
      imagePath: original.path,
      imageId: original.imageId,
      client: client(),
      runs: 1,
      nudge: 'seed',
    });
    assert.equal(record.nudge.knob, 'seed');
    assert.equal(BigInt(record.nudge.to ?? '0') - BigInt(record.nudge.from ?? '0'), 1n);
    assert.equal(grades(record.checks).responsive, 'pass');
  });

  test('the real ComfyUI image does not reproduce on the stand-in: fail with culprits', async () => {
    const real = await indexedCopy(t, COMFY_IMAGE, 'real.png');
    const { record } = await verify(t, { imagePath: real.path, imageId: real.imageId, client: client(), runs: 1 });
    assert.equal(grades(record.checks).reproduces, 'fail');
    assert.ok(record.checks[1].culprits.length > 0);
  });
});

describe('failures against the ComfyUI stand-in', () => {
  test('a node class the server lacks is named before anything is queued', async () => {
    const other = await startComfyStandIn({ checkpoints: [COMFY_CHECKPOINT], missingNodes: ['KSampler'] });
    try {
      const { error, record } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new ComfyClient({ url: other.url }),
      });
      assert.equal(error?.code, 'node-missing');
      assert.match(error?.message ?? '', /has no node class KSampler \(node #\d+\)\. Install the custom node pack/);
      assert.equal(other.prompts.length, 0);
      assert.equal(record.outcome, 'failed');
    } finally {
      await other.close();
    }
  });

  test('checkpoint not installed: names it and lists what is there', async () => {
    const other = await startComfyStandIn({ checkpoints: ['v1-5-pruned-emaonly.safetensors'] });
    try {
      const { error } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new ComfyClient({ url: other.url }),
      });
      assert.equal(error?.code, 'checkpoint-missing');
      assert.match(
        error?.message ?? '',
        new RegExp(
          `has no checkpoint "${COMFY_CHECKPOINT.replace(/\./g, '\\.')}" for node #\\d+ CheckpointLoaderSimple.*Installed: v1-5-pruned-emaonly\\.safetensors`,
        ),
      );
    } finally {
      await other.close();
    }
  });

  test('HTTP 500 on /prompt, and a run that fails inside a node: both failed, nothing kept', async () => {
    const before = verifyOutputs(t).length;
    standIn.options.fail = 'http-500';
    try {
      const { error } = await verify(t, { imagePath: original.path, imageId: original.imageId, client: client() });
      assert.equal(error?.code, 'run-failed');
      assert.match(error?.message ?? '', /refused the prompt \(HTTP 500/);
      standIn.options.fail = 'execution-error';
      const failed = await verify(t, { imagePath: original.path, imageId: original.imageId, client: client() });
      assert.equal(failed.error?.code, 'run-failed');
      assert.match(
        failed.error?.message ?? '',
        /failed the run in node #\d+ KSampler: RuntimeError: CUDA error: an illegal memory access/,
      );
      assert.equal(verifyOutputs(t).length, before);
    } finally {
      standIn.options.fail = null;
    }
  });

  test('a prompt that never finishes times out, and the server is asked to interrupt', async () => {
    standIn.options.fail = 'timeout';
    try {
      const { error } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: client({ timeoutMs: 1500 }),
      });
      assert.equal(error?.code, 'timeout');
      assert.match(error?.message ?? '', /did not finish prompt [0-9a-f-]+ within 2 s; it was asked to interrupt/);
      assert.ok(standIn.calls.includes('POST /interrupt'));
    } finally {
      standIn.options.fail = null;
    }
  });

  test('a token-protected server: refused without the token, accepted with it (HTTP and websocket)', async () => {
    const locked = await startComfyStandIn({
      checkpoints: [COMFY_CHECKPOINT],
      authorization: 'Bearer t0k3n',
      stepDelayMs: 1,
    });
    try {
      const refused = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new ComfyClient({ url: locked.url }),
      });
      assert.equal(refused.error?.code, 'unauthorized');
      let progressSeen = 0;
      const accepted = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new ComfyClient({ url: locked.url, token: 't0k3n' }),
        runs: 1,
        onProgress: (p) => (progressSeen += p.step > 0 ? 1 : 0),
      });
      assert.equal(accepted.error, null);
      assert.ok(progressSeen > 0, 'progress arrived over the authenticated websocket');
    } finally {
      await locked.close();
    }
  });
});

test('websocket progress, then cancel: cancelled, /interrupt sent, nothing kept', async () => {
  const slow = await startComfyStandIn({ checkpoints: [COMFY_CHECKPOINT], stepDelayMs: 40 });
  try {
    const controller = new AbortController();
    const before = verifyOutputs(t).length;
    let steps = 0;
    const { record, error } = await verify(t, {
      imagePath: original.path,
      imageId: original.imageId,
      client: new ComfyClient({ url: slow.url }),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step > 0) steps += 1;
        if (p.step >= 3) controller.abort();
      },
    });
    assert.ok(steps >= 3);
    assert.equal(error?.code, 'cancelled');
    assert.equal(record.outcome, 'cancelled');
    assert.ok(slow.calls.includes('POST /interrupt'));
    assert.equal(verifyOutputs(t).length, before);
  } finally {
    await slow.close();
  }
});

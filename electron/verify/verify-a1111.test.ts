// Verify against the A1111 stand-in in each of its modes: the three checks and their verdict lines, the stored
// record and the indexed outputs; progress and cancel; every error a person can meet (unreachable, refused
// credentials, checkpoint not installed, HTTP 500, timeout).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { A1111Client } from './a1111-client';
import { a1111Checkpoint, startA1111StandIn, type A1111StandIn } from './stand-ins/a1111-stand-in';
import { VerificationStore } from './verification-store';
import {
  A1111_IMAGE,
  freshLibrary,
  indexedCopy,
  standInOriginal,
  verify,
  verifyOutputs,
  type TestLibrary,
} from './verify-test-kit.fixture';

let t: TestLibrary;
let standIn: A1111StandIn;
let original: { path: string; imageId: number };

before(async () => {
  t = freshLibrary('verify-a1111');
  standIn = await startA1111StandIn({ stepDelayMs: 1 });
  original = await standInOriginal(t, new A1111Client({ url: standIn.url }), A1111_IMAGE, 'original.png');
});
after(async () => {
  await standIn.close();
  t.cleanup();
});

const grades = (checks: Array<{ check: string; grade: string }>) =>
  Object.fromEntries(checks.map((c) => [c.check, c.grade]));

describe('the three checks against the A1111 stand-in', () => {
  test('deterministic pipeline: every check passes, outputs are indexed beside the database, the record is stored', async () => {
    standIn.options.noise = false;
    standIn.options.ignore = [];
    const seen: string[] = [];
    const { record, error } = await verify(t, {
      imagePath: original.path,
      imageId: original.imageId,
      client: new A1111Client({ url: standIn.url }),
      onProgress: (p) => seen.push(p.phase),
    });
    assert.equal(error, null);
    assert.deepEqual(grades(record.checks), { deterministic: 'pass', reproduces: 'pass', responsive: 'pass' });
    assert.equal(record.grade, 'pass');
    assert.match(record.checks[0].line, /^Deterministic: yes/);
    assert.match(record.checks[1].line, /^Reproduces: yes/);
    assert.match(record.checks[2].line, /^Responsive: yes\. cfg 7 -> 7\.5 changed/);
    assert.deepEqual(record.nudge, { knob: 'cfg', from: '7', to: '7.5' });
    assert.equal(record.generatorVersion, 'v1.10.1');
    assert.equal(record.remote, false);
    assert.equal(record.outputs.length, 3);
    for (const file of record.outputs) {
      assert.ok(file.startsWith(`${t.library.dbPath}.verify`), `${file} is in the managed folder beside the database`);
      assert.ok(t.library.imageByPath(file), `${file} is indexed`);
    }
    assert.equal(t.library.imageByPath(record.outputs[0])?.generator, 'a1111', 'the rerun carries A1111 infotext');
    assert.deepEqual(new VerificationStore(t.library.db).forImage(original.imageId)[0].id, record.id);
    for (const phase of ['prepare', 'rerun', 'nudge', 'compare', 'index', 'done'])
      assert.ok(seen.includes(phase), `progress phase ${phase}`);
    // The checkpoint named by the image was looked up and kept loaded (already current: no options POST).
    assert.ok(standIn.calls.includes('GET /sdapi/v1/sd-models'));
  });

  test('GPU-like noise: deterministic and reproduces are "close" (visually identical), responsive still passes', async () => {
    standIn.options.noise = true;
    try {
      const { record } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new A1111Client({ url: standIn.url }),
      });
      assert.deepEqual(grades(record.checks), { deterministic: 'close', reproduces: 'close', responsive: 'pass' });
      assert.equal(record.grade, 'close');
      assert.match(
        record.checks[0].line,
        /^Deterministic: nearly\. rerun 1 and rerun 2 differ in \d+ pixels .* by at most [1-6]\/255/,
      );
      assert.match(record.checks[1].line, /^Reproduces: visually/);
    } finally {
      standIn.options.noise = false;
    }
  });

  test('cached (cfg ignored): the nudged run is pixel-identical and responsive fails, naming cfg', async () => {
    standIn.options.ignore = ['cfg'];
    try {
      // An original from the same cached pipeline: it reproduces, it just does not respond.
      const cachedOriginal = await standInOriginal(
        t,
        new A1111Client({ url: standIn.url }),
        A1111_IMAGE,
        'original-cached.png',
      );
      const { record } = await verify(t, {
        imagePath: cachedOriginal.path,
        imageId: cachedOriginal.imageId,
        client: new A1111Client({ url: standIn.url }),
      });
      assert.deepEqual(grades(record.checks), { deterministic: 'pass', reproduces: 'pass', responsive: 'fail' });
      assert.match(
        record.checks[2].line,
        /^Responsive: NO\. cfg 7 -> 7\.5 gave identical pixels: the generator ignores cfg or returns a cached image/,
      );
      assert.equal(record.grade, 'fail');
    } finally {
      standIn.options.ignore = [];
    }
  });

  test('--nudge steps and --runs 3: three reruns, steps + 1', async () => {
    const { record } = await verify(t, {
      imagePath: original.path,
      imageId: original.imageId,
      client: new A1111Client({ url: standIn.url }),
      runs: 3,
      nudge: 'steps',
    });
    assert.equal(record.outputs.length, 4);
    assert.deepEqual(record.nudge, { knob: 'steps', from: '28', to: '29' });
    assert.equal(record.checks[0].comparisons.length, 2, 'rerun 1 against reruns 2 and 3');
    assert.equal(record.checks[1].comparisons.length, 3, 'the original against every rerun');
  });

  test('a real A1111 image does not reproduce on the stand-in: fail with ranked culprits', async () => {
    const real = await indexedCopy(t, A1111_IMAGE, 'real.png');
    const { record } = await verify(t, {
      imagePath: real.path,
      imageId: real.imageId,
      client: new A1111Client({ url: standIn.url }),
      runs: 1,
    });
    assert.equal(grades(record.checks).deterministic, 'not-run');
    assert.equal(grades(record.checks).reproduces, 'fail');
    assert.match(
      record.checks[1].line,
      /^Reproduces: no\. rerun 1 is (different|similar) from the original .* Most likely: /,
    );
    assert.ok(record.checks[1].culprits.length > 0);
  });
});

describe('failures against the A1111 stand-in', () => {
  test('HTTP 500 from txt2img: failed, with the server message, and no outputs kept', async () => {
    standIn.options.fail = 'http-500';
    try {
      const { record, error } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new A1111Client({ url: standIn.url }),
      });
      assert.equal(error?.code, 'run-failed');
      assert.match(
        error?.message ?? '',
        /A1111 server at http:\/\/127\.0\.0\.1:\d+ failed the txt2img run \(HTTP 500: OutOfMemoryError: CUDA out of memory/,
      );
      assert.equal(record.outcome, 'failed');
      assert.equal(record.summary, error?.message);
      for (const file of verifyOutputs(t))
        assert.ok(!file.includes(String(record.startedAt)), 'nothing of the failed run is left');
    } finally {
      standIn.options.fail = null;
    }
  });

  test('a server that never answers times out with a clear message and is asked to interrupt', async () => {
    standIn.options.fail = 'timeout';
    try {
      const before = verifyOutputs(t).length;
      const { error } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new A1111Client({ url: standIn.url, timeoutMs: 1500 }),
      });
      assert.equal(error?.code, 'timeout');
      assert.match(error?.message ?? '', /did not answer \/sdapi\/v1\/txt2img within 2 s/);
      assert.ok(standIn.calls.includes('POST /sdapi/v1/interrupt'));
      assert.equal(verifyOutputs(t).length, before);
    } finally {
      standIn.options.fail = null;
    }
  });

  test('checkpoint not installed: says which, with the hash the image wants, and what is installed', async () => {
    const other = await startA1111StandIn({ checkpoints: [a1111Checkpoint('sd_xl_base_1.0', '31e35c80fc')] });
    try {
      const { error, record } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new A1111Client({ url: other.url }),
      });
      assert.equal(error?.code, 'checkpoint-missing');
      assert.match(
        error?.message ?? '',
        /has no checkpoint "v1-5-pruned-emaonly" \(the image wants hash 6ce0161689\)\. Installed: sd_xl_base_1\.0\.safetensors \[31e35c80fc\]/,
      );
      assert.equal(record.outcome, 'failed');
      assert.ok(!other.calls.includes('POST /sdapi/v1/txt2img'), 'nothing was generated');
    } finally {
      await other.close();
    }
  });

  test('the checkpoint is switched through /sdapi/v1/options when another one is loaded', async () => {
    const other = await startA1111StandIn({
      checkpoints: [
        a1111Checkpoint('sd_xl_base_1.0', '31e35c80fc'),
        a1111Checkpoint('v1-5-pruned-emaonly', '6ce0161689'),
      ],
    });
    try {
      const { error, record } = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new A1111Client({ url: other.url }),
        runs: 1,
      });
      assert.equal(error, null);
      assert.ok(other.calls.includes('POST /sdapi/v1/options'));
      assert.equal(record.checks[1].grade, 'pass');
    } finally {
      await other.close();
    }
  });

  test('unreachable server: names the address and says to start it with --api', async () => {
    const gone = await startA1111StandIn();
    const url = gone.url;
    await gone.close();
    const { error } = await verify(t, {
      imagePath: original.path,
      imageId: original.imageId,
      client: new A1111Client({ url }),
    });
    assert.equal(error?.code, 'unreachable');
    assert.equal(
      error?.message,
      `Cannot reach the A1111 server at ${url}: connection refused (nothing listens there). Check it is running with --api and the address and port are right.`,
    );
  });

  test('credentials: refused without them (401 named), accepted from user:password in the URL', async () => {
    const locked = await startA1111StandIn({
      authorization: `Basic ${Buffer.from('me:secret').toString('base64')}`,
      stepDelayMs: 1,
    });
    try {
      const refused = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: new A1111Client({ url: locked.url }),
      });
      assert.equal(refused.error?.code, 'unauthorized');
      assert.match(refused.error?.message ?? '', /refused the request \(HTTP 401\)/);
      const withAuth = new A1111Client({ url: locked.url.replace('http://', 'http://me:secret@') });
      assert.equal(withAuth.info.address, locked.url, 'the address shown carries no credentials');
      const accepted = await verify(t, {
        imagePath: original.path,
        imageId: original.imageId,
        client: withAuth,
        runs: 1,
      });
      assert.equal(accepted.error, null);
      assert.ok(!JSON.stringify(accepted.record).includes('secret'));
    } finally {
      await locked.close();
    }
  });
});

test('progress while the generator works, then cancel: cancelled, interrupted, nothing half-written', async () => {
  const slow = await startA1111StandIn({ stepDelayMs: 40 });
  try {
    const controller = new AbortController();
    const steps: number[] = [];
    const before = verifyOutputs(t).length;
    const { record, error } = await verify(t, {
      imagePath: original.path,
      imageId: original.imageId,
      client: new A1111Client({ url: slow.url }),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'rerun' && p.step > 0) {
          steps.push(p.step);
          if (p.generation === 1) controller.abort(); // during rerun 2, after rerun 1 was written
        }
      },
    });
    assert.ok(steps.length > 0, 'sampling steps were reported from /sdapi/v1/progress');
    assert.equal(error?.code, 'cancelled');
    assert.equal(record.outcome, 'cancelled');
    assert.equal(record.outputs.length, 0);
    assert.ok(slow.calls.includes('POST /sdapi/v1/interrupt'));
    assert.equal(verifyOutputs(t).length, before, 'rerun 1, already written, went with the cancelled run');
    for (const file of verifyOutputs(t)) assert.ok(existsSync(file));
  } finally {
    await slow.close();
  }
});

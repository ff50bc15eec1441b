// `seedscope verify IMAGE --a1111 URL | --comfyui URL [--runs N] [--nudge cfg|steps|seed] [--json]`: the seed
// guide's Verify section run against a live generator (electron/verify). Exit status: 0 when every check
// passes, 1 when a check is only close or fails, 2 on error or cancel (Ctrl-C), with a record kept either way.
import * as path from 'node:path';
import type { VerificationRecord, VerifyKnob } from '../../../shared/verification';
import { verifyKnobs } from '../../../shared/verification';
import { compareImageFiles } from '../../compare/compare-files';
import { A1111Client } from '../../verify/a1111-client';
import { ComfyClient } from '../../verify/comfyui-client';
import type { GeneratorClient } from '../../verify/generator-client';
import { VerifyError } from '../../verify/generator-client';
import { generatorLabel } from '../../verify/generator-http';
import { DEFAULT_VERIFY_RUNS, MAX_VERIFY_RUNS, runVerification } from '../../verify/verify-run';
import { numberOption, option, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { openLibraryFromArgs } from '../library-options';

const USAGE = `Usage: seedscope verify IMAGE --a1111 URL | --comfyui URL [--runs N] [--nudge cfg|steps|seed] [--json]
                        [--token T | --user NAME:PASSWORD] [--timeout SECONDS] [--db FILE]

Runs the seed guide's Verify protocol on a running generator with IMAGE's recipe:
  1. sends the recipe N times (--runs, default ${DEFAULT_VERIFY_RUNS}): are this pipeline's outputs deterministic?
  2. compares each rerun with IMAGE: does it reproduce? (ranked culprits if not)
  3. sends it once more with one knob nudged (--nudge: cfg + 0.5 by default, steps + 1, seed + 1): the output
     must change, or the generator ignores the setting or returns a cached image.
One verdict line per check and the grade they imply; the outputs go to a folder beside the library database
(LIBRARY.verify/), are indexed like any folder, and a verification record is kept for IMAGE.
  --a1111 URL       an A1111 / Forge / SD.Next server started with --api (e.g. http://127.0.0.1:7860)
  --comfyui URL     a ComfyUI server (e.g. http://127.0.0.1:8188)
  --token T         send Authorization: Bearer T (a reverse proxy in front of a remote GPU box)
  --user N:P        HTTP Basic credentials (A1111 --api-auth); user:password@ in the URL works too
  --timeout S       longest wait for one image, seconds (default 600)
  --json            print the verification record as JSON
Exit status: 0 every check passes, 1 a check is close or fails, 2 error or cancelled.`;

function clientFrom(
  url: { kind: 'a1111' | 'comfyui'; url: string },
  token: string | undefined,
  user: string | undefined,
  timeoutS: number | undefined,
): GeneratorClient {
  const endpoint = {
    url: url.url,
    token,
    basicAuth: user,
    timeoutMs: timeoutS === undefined ? undefined : timeoutS * 1000,
  };
  return url.kind === 'a1111' ? new A1111Client(endpoint) : new ComfyClient(endpoint);
}

export function verifyReport(record: VerificationRecord): string {
  const where = `${generatorLabel(record.generator)}${record.generatorVersion ? ` ${record.generatorVersion}` : ''} at ${record.address}${record.remote ? ' (remote)' : ''}`;
  const lines = [`${record.imagePath}`, `Generator: ${where}`, ''];
  for (const check of record.checks) {
    lines.push(`[${check.grade}] ${check.line}`);
    check.culprits.slice(0, 5).forEach((c, i) => {
      const values = c.a !== null || c.b !== null ? `: ${c.a ?? '(none)'} vs ${c.b ?? '(none)'}` : '';
      lines.push(`    ${i + 1}. [${c.likelihood}] ${c.cause} (${c.field})${values}`, `       Fix: ${c.fix}`);
    });
  }
  if (record.checks.length) lines.push('');
  lines.push(record.outcome === 'completed' ? record.summary : `Verify ${record.outcome}: ${record.summary}`);
  if (record.recipeWarnings.length)
    lines.push('', 'What the recipe could not carry:', ...record.recipeWarnings.map((w) => `  - ${w}`));
  if (record.notes.length) lines.push('', 'Notes:', ...record.notes.map((n) => `  - ${n}`));
  if (record.outputs.length) lines.push('', `Outputs: ${path.dirname(record.outputs[0])}`);
  return `${lines.join('\n')}\n`;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'rerun an image on a live A1111 or ComfyUI server: deterministic? reproduces? responsive?',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['a1111', 'comfyui', 'runs', 'nudge', 'token', 'user', 'timeout', 'db'], ['json']);
    if (args.positionals.length !== 1) throw new UsageError(`expected one image file, got ${args.positionals.length}`);
    const a1111 = option(args, 'a1111');
    const comfyui = option(args, 'comfyui');
    if ((a1111 === undefined) === (comfyui === undefined))
      throw new UsageError('give exactly one generator: --a1111 URL or --comfyui URL');
    const runs = numberOption(args, 'runs') ?? DEFAULT_VERIFY_RUNS;
    if (!Number.isInteger(runs) || runs < 1 || runs > MAX_VERIFY_RUNS)
      throw new UsageError(`--runs must be a whole number from 1 to ${MAX_VERIFY_RUNS}, got "${option(args, 'runs')}"`);
    const nudge = (option(args, 'nudge') ?? 'cfg') as VerifyKnob;
    if (!verifyKnobs.includes(nudge))
      throw new UsageError(`--nudge must be one of ${verifyKnobs.join(', ')}, got "${nudge}"`);
    const timeout = numberOption(args, 'timeout');
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds above 0`);

    let client: GeneratorClient;
    try {
      client = clientFrom(
        a1111 !== undefined ? { kind: 'a1111', url: a1111 } : { kind: 'comfyui', url: comfyui as string },
        option(args, 'token'),
        option(args, 'user'),
        timeout,
      );
    } catch (err) {
      if (err instanceof VerifyError) throw new UsageError(err.message);
      throw err;
    }
    const imagePath = path.resolve(args.positionals[0]);
    const library = openLibraryFromArgs(args, io, 'verify', { create: true });
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      io.stderr.write(
        `seedscope verify: ${generatorLabel(client.kind)} server at ${client.info.address}${client.info.loopback ? '' : ' (remote)'}\n`,
      );
      let lastLine = '';
      const { record, error } = await runVerification({
        library,
        imagePath,
        imageId: library.imageByPath(imagePath)?.id ?? null,
        client,
        runs,
        nudge,
        signal: controller.signal,
        compare: (a, b) => compareImageFiles(a, b),
        onProgress: (p) => {
          // One line per generation and phase; step counts only where a terminal can redraw them.
          const line = p.line.replace(/: step \d+\/\d+$/, '');
          if (line !== lastLine) io.stderr.write(`  ${line}\n`);
          lastLine = line;
        },
      });
      io.stdout.write(args.flags.has('json') ? `${JSON.stringify(record)}\n` : verifyReport(record));
      if (error) {
        if (args.flags.has('json')) io.stderr.write(`seedscope verify: ${error.message}\n`);
        return 2;
      }
      return record.grade === 'pass' ? 0 : 1;
    } finally {
      process.off('SIGINT', onSigint);
      library.close();
    }
  },
};

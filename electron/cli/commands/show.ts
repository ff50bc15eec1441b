// `seedscope show FILE... [--json] [--raw] [--metadata-only]`: what each image says about how it was made,
// and the hashes of its decoded pixels. One unreadable file is reported (naming it and why) and the others
// are still shown; the exit code is 1 when any file failed, 2 for bad usage.
import type { ImageReport } from '../../../shared/image-report';
import type { GenerationTuple, ValueOrigin } from '../../../shared/tuple';
import { UsageError, parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import { inspectEachFile } from '../inspect-each-file';
import { gradeReproducibility } from '../../library/reproducibility-grade';
import { gradeLines, runRecordLines } from '../run-record-lines';

const USAGE = `Usage: seedscope show FILE... [--json] [--raw] [--metadata-only]

Shows each image's generation parameters (the tuple), where each value was read, and its pixel hashes.
  --json           one JSON object per file per line: { file, format, generator, tuple, pixels, c2pa, warnings,
                   runRecord, grade }
  --raw            also print every raw metadata text item (JSON: a "raw" array)
  --metadata-only  do not decode pixels (no pixel hashes, no stealth data)`;

function jsonLine(report: ImageReport, withRaw: boolean): string {
  const out: Record<string, unknown> = {
    file: report.file,
    format: report.format,
    generator: report.generator,
    tuple: report.tuple,
    pixels: report.pixels,
    c2pa: report.c2pa,
    warnings: report.warnings,
    runRecord: report.runRecord ?? null,
    grade: gradeReproducibility(report),
  };
  if (withRaw) out.raw = report.raw;
  return JSON.stringify(out);
}

function mark(origin: ValueOrigin | undefined): string {
  if (!origin) return '';
  if (origin.isDefault) return ' (default: not written by the tool)';
  if (origin.computed) return ' (computed at run time: value shown is not the value used)';
  return '';
}

function line(label: string, value: string | number | null | undefined, origin?: ValueOrigin): string | null {
  if (value === null || value === undefined || value === '') return null;
  return `  ${label.padEnd(16)} ${String(value).replace(/\n/g, '\n' + ' '.repeat(19))}${mark(origin)}`;
}

function tupleLines(t: GenerationTuple): string[] {
  const o = t.origins;
  const sampler = [t.sampler, t.scheduler].filter(Boolean).join(' / ');
  const ids = [t.samplerId, t.schedulerId].filter(Boolean).join(', ');
  const out = [
    line('Software', t.software ? `${t.software.name}${t.software.version ? ` ${t.software.version}` : ''}` : null),
    line('Prompt', t.prompt, o.prompt),
    line('Negative prompt', t.negativePrompt, o.negativePrompt),
    line(
      'Model',
      t.model
        ? `${t.model}${t.modelHash ? `  [${t.modelHashType ?? 'hash'} ${t.modelHash}]` : ''}`
        : t.modelHash
          ? `[${t.modelHashType ?? 'hash'} ${t.modelHash}]`
          : null,
    ),
    line('Model version', t.modelVersion),
    line('Seed', t.seed, o.seed),
    line('Sampler', sampler ? `${sampler}${ids ? `  (${ids})` : ''}` : null, o.scheduler),
    line('Steps', t.steps),
    line('CFG', t.cfg),
    line('Size', t.width !== null && t.height !== null ? `${t.width}x${t.height}` : null),
  ];
  for (const a of t.adapters) {
    out.push(
      line(
        a.kind,
        `${a.name}${a.weight !== null ? ` @ ${a.weight}` : ''}${a.hash ? `  [${a.hashType ?? 'hash'} ${a.hash}]` : ''}`,
      ),
    );
  }
  if (t.passes.length > 1) {
    for (const p of t.passes) {
      const parts = [
        p.role,
        p.node ? `node ${p.node}` : null,
        p.sampler,
        p.scheduler,
        p.steps !== null ? `${p.steps} steps` : null,
        p.cfg !== null ? `cfg ${p.cfg}` : null,
        p.denoise !== null ? `denoise ${p.denoise}` : null,
        p.width && p.height ? `${p.width}x${p.height}` : null,
      ];
      out.push(line(`Pass ${p.index + 1}`, parts.filter(Boolean).join(', ')));
    }
  }
  for (const step of t.postprocess) out.push(line('Post-process', `${step.kind}: ${step.name}`));
  const d = t.determinism;
  const det: Array<[string, string | number | null, string]> = [
    ['RNG', d.rng, 'determinism.rng'],
    ['ENSD', d.ensd, 'determinism.ensd'],
    ['Clip skip', d.clipSkip, 'determinism.clipSkip'],
    ['Eta', d.eta, 'determinism.eta'],
    ['VAE', d.vae, 'determinism.vae'],
    ['VAE hash', d.vaeHash, 'determinism.vaeHash'],
    ['Precision', d.precision, 'determinism.precision'],
    ['Token merging', d.tokenMerging, 'determinism.tokenMerging'],
  ];
  for (const [label, value, key] of det) out.push(line(label, value, o[key]));
  for (const [key, value] of Object.entries(d.other)) out.push(line(key, value));
  for (const c of t.conflicts)
    out.push(
      line('CONFLICT', `${c.field}: ${c.values.map((v) => `${v.value} (${v.source})`).join(' vs ')}; kept ${c.kept}`),
    );
  const extras = Object.keys(t.extras);
  if (extras.length) out.push(line('Other keys', extras.join(', ')));
  return out.filter((l): l is string => l !== null);
}

function humanReport(report: ImageReport, withRaw: boolean): string {
  const lines = [`${report.file}  (${report.format}${report.generator ? `, ${report.generator}` : ''})`];
  if (report.tuple) lines.push(...tupleLines(report.tuple));
  else lines.push('  No generation parameters found.');
  if (report.pixels)
    lines.push(
      `  ${'Pixels'.padEnd(17)}${report.pixels.width}x${report.pixels.height}  sha256 ${report.pixels.sha256}  rgb ${report.pixels.rgbSha256}`,
    );
  if (report.runRecord) lines.push(...runRecordLines(report.runRecord));
  lines.push(...gradeLines(gradeReproducibility(report)));
  if (report.c2pa)
    lines.push(
      `  ${'C2PA'.padEnd(17)}${report.c2pa.claimGenerator ?? '?'}${report.c2pa.aiGenerated ? ' (claims AI-generated)' : ''}, ${report.c2pa.manifests} manifest(s), signature not verified`,
    );
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  if (withRaw)
    for (const r of report.raw)
      lines.push(`  raw ${r.source}${r.truncated ? ' (truncated)' : ''}:\n    ${r.text.replace(/\n/g, '\n    ')}`);
  return `${lines.join('\n')}\n`;
}

export const showCommand: Command = {
  name: 'show',
  summary: 'show the generation parameters and pixel hashes of image files',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, [], ['json', 'raw', 'metadata-only']);
    if (args.positionals.length === 0) throw new UsageError('give at least one image file');
    const json = args.flags.has('json');
    const withRaw = args.flags.has('raw');
    return inspectEachFile(
      args.positionals,
      io,
      { command: 'show', json, decode: !args.flags.has('metadata-only') },
      (report) => (json ? `${jsonLine(report, withRaw)}\n` : `${humanReport(report, withRaw)}\n`),
    );
  },
};

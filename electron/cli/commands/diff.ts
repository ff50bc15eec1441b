// `seedscope diff A B [--json] [--heatmap OUT.png]`: compare two images' decoded pixels and their generation
// parameters, and name the likely culprit with the seed guide's fix. Exit codes follow cmp: 0 when the decoded
// pixels are identical, 1 when they differ, 2 on error (unreadable file, bad usage).
import type { CompareResult, Culprit, PromptDiff, TupleDiffRow } from '../../../shared/compare';
import { revealInvisible } from '../../../shared/prompt-bytes';
import { CompareError, compareImageFiles } from '../../compare/compare-files';
import { describeEncoding } from '../../compare/encoding-info';
import type { ResizeTarget } from '../../compare/resize-to-match';
import { UsageError, option, parseArgs } from '../args';
import type { CliIo, Command } from '../command';

const USAGE = `Usage: seedscope diff A B [--json] [--heatmap OUT.png] [--resize smaller|a|b]

Compares two images: decoded pixels (exact changed-pixel count, max/mean delta, PSNR, SSIM, perceptual hash),
a verdict (bit-identical, visually-identical, similar, different), the byte-exact diff of their generation
parameters, and the likely culprits, most likely first, each with the figures it rests on and the fix to apply.
When the sizes differ, a crop or a uniform scale is searched for and the pixels are measured on the aligned overlap.
  --json            print the whole result as one JSON object
  --heatmap FILE    write a PNG heatmap of the per-pixel difference (inferno scale; written atomically)
  --resize WHICH    when sizes differ: shrink the larger (smaller, default), or resize to A's / B's size (a / b)
Exit status: 0 pixels identical, 1 pixels differ, 2 error.`;

const RESIZE_TARGETS: readonly ResizeTarget[] = ['smaller', 'a', 'b'];

function fmt(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function indent(text: string, pad: string): string {
  return text.replace(/\n/g, `\n${pad}`);
}

function culpritLines(culprits: Culprit[]): string[] {
  if (culprits.length === 0) return [];
  const out = ['', 'Likely culprits (most likely first):'];
  culprits.forEach((c, i) => {
    const values = c.a !== null || c.b !== null ? `: A ${c.a ?? '(none)'}  |  B ${c.b ?? '(none)'}` : '';
    out.push(`  ${i + 1}. [${c.likelihood}] ${c.cause} (${c.field})${indent(values, '       ')}`);
    out.push(`     ${indent(c.explanation, '     ')}`);
    if (c.evidence.length)
      out.push('     Evidence:', ...c.evidence.map((e) => `       ${e.label}: ${indent(e.value, '         ')}`));
    out.push(`     Fix: ${indent(c.fix, '     ')}`);
    // The commands stand alone, indented as a block, so they can be copied as they are.
    if (c.fixCode) out.push(...c.fixCode.split('\n').map((line) => `         ${line}`));
  });
  return out;
}

/** One line, quoted so leading and trailing spaces show, invisible characters named. */
function clip(value: string | null): string {
  if (value === null) return '(none)';
  const oneLine = revealInvisible(value.length > 400 ? value.slice(0, 400) : value);
  return oneLine.length > 120 ? `"${oneLine.slice(0, 117)}..."` : `"${oneLine}"`;
}

function tupleLines(rows: TupleDiffRow[]): string[] {
  const differing = rows.filter((r) => !r.same);
  if (differing.length === 0) return rows.length ? ['', 'Parameters: every recorded field is byte-identical.'] : [];
  const width = Math.min(32, Math.max(...differing.map((r) => r.field.length)));
  return [
    '',
    `Parameter differences (${differing.length}):`,
    ...differing.map(
      (r) =>
        `  ${r.field.padEnd(width)}  A ${clip(r.a)}\n  ${' '.repeat(Math.max(width, r.field.length))}  B ${clip(r.b)}`,
    ),
  ];
}

function promptLines(diffs: PromptDiff[]): string[] {
  const out: string[] = [];
  for (const d of diffs.filter((p) => !p.identical)) {
    const label = d.field === 'prompt' ? 'Prompt' : 'Negative prompt';
    out.push(
      '',
      `${label} bytes differ (A ${d.bytesA} bytes, B ${d.bytesB} bytes; first difference at byte ${d.firstDifferenceByte})${d.invisibleOnly ? ': only invisible or look-alike characters' : ''}`,
    );
    for (const f of d.findings.slice(0, 12)) out.push(`  - ${f.description}`);
    if (d.findings.length > 12 || d.truncated) out.push(`  - ... more differences not shown`);
    if (d.tokensRemoved.length) out.push(`  tokens only in A: ${d.tokensRemoved.slice(0, 12).join(' | ')}`);
    if (d.tokensAdded.length) out.push(`  tokens only in B: ${d.tokensAdded.slice(0, 12).join(' | ')}`);
  }
  return out;
}

export function humanReport(r: CompareResult): string {
  const p = r.pixel;
  const sideLine = (label: string, s: CompareResult['a']) =>
    `${label}: ${s.file}  (${s.format} ${s.width}x${s.height}${s.generator ? `, ${s.generator}` : ''}${s.hasTuple ? '' : ', no generation parameters'})`;
  const lines = [sideLine('A', r.a), sideLine('B', r.b), '', `Verdict: ${r.verdict} — ${r.verdictReason}`];
  if (r.sizeMismatch) lines.push(`Size: ${r.sizeMismatch.note}`);
  const encoding = (s: CompareResult['a']) => (s.encoding ? describeEncoding(s.encoding) : s.format);
  if (r.a.encoding && r.b.encoding) lines.push(`Encoding: A ${encoding(r.a)}, B ${encoding(r.b)}`);
  if (!p.identical) {
    lines.push(
      `Pixels: ${fmt(p.changedPixels)} of ${fmt(p.totalPixels)} differ (${fmt(p.changedRatio * 100, 4)}%)${p.alphaOnlyChangedPixels ? `, ${fmt(p.alphaOnlyChangedPixels)} in alpha only` : ''}; ` +
        `max delta ${p.maxDelta}/255, mean ${fmt(p.meanDelta, 3)}, PSNR ${p.psnr === null ? '∞' : `${fmt(p.psnr)} dB`}, SSIM ${p.ssim.toFixed(4)} (worst window ${p.ssimMin.toFixed(4)})`,
      `Perceptual hash: ${p.perceptualHashA} vs ${p.perceptualHashB}, ${p.perceptualDistance}/64 bits apart`,
      `Changed regions: ${r.regions.total}${
        r.regions.boxes.length
          ? ` (largest: ${r.regions.boxes
              .slice(0, 3)
              .map((b) => `${b.width}x${b.height} at ${b.x},${b.y}`)
              .join('; ')})`
          : ''
      }`,
    );
  }
  lines.push(`Pixel SHA-256: A ${p.sha256A}`, `               B ${p.sha256B}`);
  if (r.heatmap.path)
    lines.push(
      `Heatmap: ${r.heatmap.path} (inferno, log scale from delta 1 to ${r.heatmap.maxDelta}; ${r.heatmap.zero})`,
    );
  lines.push(...culpritLines(r.culprits), ...tupleLines(r.tupleDiff), ...promptLines(r.promptDiff));
  if (r.warnings.length) lines.push('', 'Warnings:', ...r.warnings.map((w) => `  - ${w}`));
  return `${lines.join('\n')}\n`;
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare two images: pixels, parameters, and the likely culprit',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['heatmap', 'resize'], ['json']);
    if (args.positionals.length !== 2) throw new UsageError(`expected two image files, got ${args.positionals.length}`);
    const resize = option(args, 'resize') ?? 'smaller';
    if (!RESIZE_TARGETS.includes(resize as ResizeTarget))
      throw new UsageError(`--resize must be one of ${RESIZE_TARGETS.join(', ')}, got "${resize}"`);
    const [a, b] = args.positionals;
    let result: CompareResult;
    try {
      result = await compareImageFiles(a, b, { heatmapPath: option(args, 'heatmap'), resize: resize as ResizeTarget });
    } catch (err) {
      const message =
        err instanceof CompareError
          ? err.message
          : `cannot compare ${a} and ${b}: ${err instanceof Error ? err.message : String(err)}`;
      io.stderr.write(`seedscope diff: ${message}\n`);
      return 2;
    }
    io.stdout.write(args.flags.has('json') ? `${JSON.stringify(result)}\n` : humanReport(result));
    return result.pixel.identical ? 0 : 1;
  },
};

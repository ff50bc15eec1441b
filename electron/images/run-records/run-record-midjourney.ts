// Midjourney job data as its web app serves it for a job (Midjourney has no public API; the shape follows the
// job objects midjourney.com returns, as modelled by danielamitay/midjourney-swift `Midjourney.Job`):
// { id, enqueue_time, job_type, event_type, full_command, batch_size, width, height, parent_grid, parent_id }.
// The version pin is the `--v`/`--niji` parameter of the command (Midjourney's own version switch); the seed is
// `--seed N` when the user set one.
import {
  emptyParsed,
  missingPinWarning,
  seedWarnings,
  text,
  type JsonObject,
  type RecordParts,
  type RunRecordParser,
} from './run-record-json';

function job(parts: RecordParts): JsonObject | null {
  for (const o of [parts.response, parts.request])
    if (o && typeof o.full_command === 'string' && 'job_type' in o) return o;
  return null;
}

function parameter(command: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)--${name}\\s+([^\\s-][^\\s]*)`).exec(command);
  return m ? (m[1] ?? null) : null;
}

export const midjourneyParser: RunRecordParser = {
  provider: 'midjourney',
  matches(parts) {
    return job(parts) !== null;
  },
  parse(parts) {
    const j = job(parts) ?? {};
    const command = text(j.full_command) ?? '';
    const out = emptyParsed('midjourney', 'Midjourney job');
    const version = parameter(command, 'v') ?? parameter(command, 'version');
    const niji = parameter(command, 'niji');
    out.model = niji ? 'niji' : 'midjourney';
    if (version || niji) {
      out.versionPin = niji ? `niji ${niji}` : version;
      out.versionPinField = niji ? 'full_command --niji' : 'full_command --v';
    }
    const seed = parameter(command, 'seed') ?? parameter(command, 'sameseed');
    if (seed && /^\d+$/.test(seed)) {
      out.seed = seed;
      out.seedSentAs = 'integer';
    }
    out.prompt = command.replace(/\s--\S.*$/, '').trim() || null;
    const jobType = text(j.job_type) ?? '';
    if (/upscale/i.test(jobType)) {
      out.postprocess.push({
        kind: 'upscale',
        field: 'job_type',
        value: JSON.stringify(jobType),
        on: true,
        turnOff: 'compare the grid image (the parent job), not the upscale: Midjourney upscalers are not seeded',
      });
    }
    const style = parameter(command, 'style');
    if (style !== 'raw') {
      out.postprocess.push({
        kind: 'enhance',
        field: 'full_command --style',
        value: JSON.stringify(style),
        on: true,
        turnOff: "add --style raw to drop Midjourney's default beautification",
      });
    }
    if (!out.versionPin)
      out.warnings.push(
        missingPinWarning(
          'Midjourney',
          'add --v 6.1 (or the version used) to the prompt; without it the account default runs, and that changes with each release.',
        ),
      );
    out.warnings.push(...seedWarnings(out, 'Midjourney'));
    out.warnings.push(
      'Midjourney documents --seed as best-effort: even with the same version and seed, expect visually similar, not identical, images',
    );
    return out;
  },
};

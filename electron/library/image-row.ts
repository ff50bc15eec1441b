// How an images row reads back as the shared types. One column list for every summary query keeps the
// gallery, search, groups and similar results identical in shape.
import type { ImageDetail, ImageState, ImageSummary, PixelState } from '../../shared/library';
import type { ImageReport } from '../../shared/image-report';
import { type GradeReason, isReproducibilityGradeId } from '../../shared/reproducibility-grade';
import type { RunRecord } from '../../shared/run-record';
import type { C2paSummary, GenerationTuple, GeneratorId, ImageFormat, RawMetadataEntry } from '../../shared/tuple';

export const SUMMARY_COLUMNS = `images.id, images.path, images.folder_id, images.format, images.generator, images.model,
  images.seed, images.sampler_id, images.scheduler_id, images.steps, images.cfg, images.width, images.height,
  images.pixel_width, images.pixel_height, substr(images.prompt, 1, 200) AS prompt_preview, images.created_at,
  images.state, images.pixel_state, images.thumb_path, images.timeline, images.grade,
  coalesce((SELECT favourite FROM image_marks WHERE image_id = images.id), 0) AS favourite,
  coalesce((SELECT rating FROM image_marks WHERE image_id = images.id), 0) AS rating,
  (SELECT group_concat(tag, char(31)) FROM image_tags WHERE image_id = images.id) AS tags_text`;

export interface SummaryRow {
  id: number;
  path: string;
  folder_id: number;
  format: string;
  generator: string | null;
  model: string | null;
  seed: string | null;
  sampler_id: string | null;
  scheduler_id: string | null;
  steps: number | null;
  cfg: number | null;
  width: number | null;
  height: number | null;
  pixel_width: number | null;
  pixel_height: number | null;
  prompt_preview: string | null;
  created_at: number;
  state: string;
  pixel_state: string;
  thumb_path: string | null;
  timeline: number;
  grade: string | null;
  favourite: number;
  rating: number;
  /** Tags joined by U+001F (a tag never holds a control character). */
  tags_text: string | null;
}

export interface DetailRow extends SummaryRow {
  size: number;
  mtime_ms: number;
  file_sha256: string | null;
  pixel_sha256: string | null;
  rgb_sha256: string | null;
  phash: string | null;
  model_hash: string | null;
  prompt: string | null;
  negative_prompt: string | null;
  tuple_key: string | null;
  tuple_json: string | null;
  raw_json: string;
  warnings_json: string;
  c2pa_json: string | null;
  pixel_error: string | null;
  grade_json: string | null;
  run_record_json: string | null;
  note: string | null;
  added_at: number;
}

export function toSummary(row: SummaryRow): ImageSummary {
  return {
    id: row.id,
    path: row.path,
    folderId: row.folder_id,
    format: row.format as ImageFormat,
    generator: row.generator as GeneratorId | null,
    model: row.model,
    seed: row.seed,
    samplerId: row.sampler_id,
    schedulerId: row.scheduler_id,
    steps: row.steps,
    cfg: row.cfg,
    width: row.width,
    height: row.height,
    pixelWidth: row.pixel_width,
    pixelHeight: row.pixel_height,
    promptPreview: row.prompt_preview,
    createdAt: row.created_at,
    // 'missing' rows exist only while a scan runs; to a reader they are not reachable.
    state: (row.state === 'online' ? 'online' : 'offline') as ImageState,
    pixelState: row.pixel_state as PixelState,
    thumbnailPath: row.thumb_path,
    grade: isReproducibilityGradeId(row.grade) ? row.grade : null,
    favourite: row.favourite === 1,
    rating: row.rating,
    tags: row.tags_text ? row.tags_text.split('\u001f').sort((a, b) => a.localeCompare(b)) : [],
  };
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toDetail(row: DetailRow, loras: string[]): ImageDetail {
  const tuple = parseJson<GenerationTuple | null>(row.tuple_json, null);
  const report: ImageReport = {
    file: row.path,
    format: row.format as ImageFormat,
    generator: row.generator as GeneratorId | null,
    tuple,
    pixels:
      row.pixel_sha256 && row.rgb_sha256 && row.pixel_width !== null && row.pixel_height !== null
        ? { width: row.pixel_width, height: row.pixel_height, sha256: row.pixel_sha256, rgbSha256: row.rgb_sha256 }
        : null,
    c2pa: parseJson<C2paSummary | null>(row.c2pa_json, null),
    raw: parseJson<RawMetadataEntry[]>(row.raw_json, []),
    warnings: parseJson<string[]>(row.warnings_json, []),
    runRecord: parseJson<RunRecord | null>(row.run_record_json, null),
  };
  return {
    ...toSummary(row),
    size: row.size,
    mtimeMs: row.mtime_ms,
    fileSha256: row.file_sha256,
    pixelSha256: row.pixel_sha256,
    rgbSha256: row.rgb_sha256,
    perceptualHash: row.phash,
    modelHash: row.model_hash,
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    tupleKey: row.tuple_key,
    loras,
    report,
    pixelError: row.pixel_error,
    gradeReasons: parseJson<GradeReason[]>(row.grade_json, []),
    note: row.note,
    addedAt: row.added_at,
  };
}

// The filter form holds what the person typed (strings); the search request gets typed SearchFilters.
// Blank fields are left out; a field that does not parse is reported instead of silently ignored.
import type { SearchFilters } from '../../shared/library';
import { isReproducibilityGradeId } from '../../shared/reproducibility-grade';

export interface FilterForm {
  generator: string;
  model: string;
  sampler: string;
  scheduler: string;
  seed: string;
  steps: string;
  cfgMin: string;
  cfgMax: string;
  lora: string;
  /** `WIDTHxHEIGHT`, e.g. 1024x1024. */
  size: string;
  folder: string;
  /** `YYYY-MM-DD` from a date input. */
  since: string;
  until: string;
  tag: string;
  /** '' or 'yes'. */
  favourite: string;
  /** '' or 1-5. */
  minRating: string;
  /** '' or a ReproducibilityGradeId. */
  grade: string;
}

export const EMPTY_FORM: FilterForm = {
  generator: '',
  model: '',
  sampler: '',
  scheduler: '',
  seed: '',
  steps: '',
  cfgMin: '',
  cfgMax: '',
  lora: '',
  size: '',
  folder: '',
  since: '',
  until: '',
  tag: '',
  favourite: '',
  minRating: '',
  grade: '',
};

export interface ParsedFilters {
  filters: SearchFilters;
  /** One message per field that could not be read, naming the field and what it expects. */
  problems: string[];
}

const DAY_MS = 86_400_000;

export function parseFilterForm(form: FilterForm): ParsedFilters {
  const filters: SearchFilters = {};
  const problems: string[] = [];
  const text = (key: 'generator' | 'model' | 'sampler' | 'scheduler' | 'lora' | 'tag'): void => {
    const v = form[key].trim();
    if (v) filters[key] = v;
  };
  text('generator');
  text('model');
  text('sampler');
  text('scheduler');
  text('lora');
  text('tag');
  if (form.favourite === 'yes') filters.favourite = true;
  if (isReproducibilityGradeId(form.grade)) filters.grade = form.grade;
  const rating = form.minRating.trim();
  if (rating) {
    if (/^[1-5]$/.test(rating)) filters.minRating = Number(rating);
    else problems.push(`Rating "${rating}" should be 1 to 5 stars.`);
  }

  const seed = form.seed.trim();
  // Seeds reach 2^64 (ComfyUI): keep them as decimal strings, never Number.
  if (seed) {
    if (/^\d+$/.test(seed)) filters.seed = seed.replace(/^0+(?=\d)/, '');
    else problems.push(`Seed "${seed}" is not a whole number (digits only).`);
  }
  const num = (label: string, raw: string, integer: boolean): number | undefined => {
    const v = raw.trim();
    if (!v) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
      problems.push(`${label} "${v}" is not a ${integer ? 'whole ' : ''}number ≥ 0.`);
      return undefined;
    }
    return n;
  };
  const steps = num('Steps', form.steps, true);
  if (steps !== undefined) filters.steps = steps;
  const cfgMin = num('CFG from', form.cfgMin, false);
  const cfgMax = num('CFG to', form.cfgMax, false);
  if (cfgMin !== undefined) filters.cfgMin = cfgMin;
  if (cfgMax !== undefined) filters.cfgMax = cfgMax;
  if (cfgMin !== undefined && cfgMax !== undefined && cfgMin > cfgMax)
    problems.push(`CFG from (${cfgMin}) is above CFG to (${cfgMax}).`);

  const size = form.size.trim();
  if (size) {
    const m = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(size);
    if (m) {
      filters.width = Number(m[1]);
      filters.height = Number(m[2]);
    } else problems.push(`Size "${size}" should look like 1024x1024.`);
  }
  const folder = form.folder.trim();
  if (folder) filters.folder = /^\d+$/.test(folder) ? Number(folder) : folder;

  const date = (label: string, raw: string): number | undefined => {
    if (!raw) return undefined;
    const t = Date.parse(`${raw}T00:00:00`);
    if (Number.isNaN(t)) {
      problems.push(`${label} "${raw}" is not a date (YYYY-MM-DD).`);
      return undefined;
    }
    return t;
  };
  const since = date('From date', form.since);
  const until = date('To date', form.until);
  if (since !== undefined) filters.since = since;
  // "To" is inclusive for a person (the whole day); the query's `until` is exclusive.
  if (until !== undefined) filters.until = until + DAY_MS;
  return { filters, problems };
}

export function activeFilterCount(form: FilterForm): number {
  const keys = Object.keys(form) as Array<keyof FilterForm>;
  return keys.filter((k) => form[k].trim() !== '').length;
}

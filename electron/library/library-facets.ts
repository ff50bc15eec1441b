// Values for the renderer's filter dropdowns, with counts, in the form the search filters accept
// (model_norm for model, sampler_id for sampler, normalized adapter names for lora, `hash:<h>` for a model whose
// names differ but whose hash agrees). Counts narrow with the other filters set: each facet applies every filter
// but its own (choosing a sampler must not hide the other samplers). Capped so a library with 50k distinct LoRA
// names still answers a small list.
import type Database from 'better-sqlite3';
import type { FacetValue, Facets } from '../../shared/contract';
import type { SearchFilters } from '../../shared/library';
import { filterClauses } from './history-query';
import { StatementCache } from './statement-cache';

/** A dropdown longer than this is not read by anyone; the search box covers the tail. */
export const FACET_LIMIT = 300;

type Params = Record<string, string | number>;
type FacetKey = keyof Facets;

/** The filters a facet ignores: its own, so its other values stay visible with their counts. */
const OWN_FILTERS: Record<FacetKey, Array<keyof SearchFilters>> = {
  generators: ['generator'],
  models: ['model', 'modelHash'],
  samplers: ['sampler'],
  schedulers: ['scheduler'],
  loras: ['lora'],
  sizes: ['width', 'height'],
  tags: ['tag'],
};

const GROUPED: Partial<Record<FacetKey, string>> = {
  generators: 'images.generator',
  samplers: 'images.sampler_id',
  schedulers: 'images.scheduler_id',
  sizes: `CASE WHEN images.width IS NOT NULL AND images.height IS NOT NULL THEN images.width || 'x' || images.height END`,
};

function without(filters: SearchFilters, keys: Array<keyof SearchFilters>): SearchFilters {
  const rest: SearchFilters = { ...filters };
  for (const key of keys) delete rest[key];
  return rest;
}

/** Merges model rows whose hash agrees into one entry (`hash:<h>`), listing the names it covers. */
export function mergeModelsByHash(rows: Array<{ name: string; hash: string | null; count: number }>): FacetValue[] {
  const byHash = new Map<string, Array<{ name: string; count: number }>>();
  const out: FacetValue[] = [];
  for (const row of rows) {
    if (!row.hash) {
      out.push({ value: row.name, count: row.count });
      continue;
    }
    const list = byHash.get(row.hash) ?? [];
    list.push({ name: row.name, count: row.count });
    byHash.set(row.hash, list);
  }
  const unhashed = new Map(out.map((v) => [v.value, v]));
  for (const [hash, names] of byHash) {
    const count = names.reduce((n, x) => n + x.count, 0);
    if (names.length === 1) {
      // One name for this hash: the name filter covers it; images of that name without a hash join it.
      const plain = unhashed.get(names[0].name);
      if (plain) {
        plain.count += count;
        plain.hash = hash;
      } else {
        const entry = { value: names[0].name, count, hash };
        out.push(entry);
        unhashed.set(entry.value, entry);
      }
      continue;
    }
    names.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    out.push({ value: `hash:${hash}`, label: names.map((x) => x.name).join(' = '), count, hash });
  }
  return out
    .sort((a, b) => b.count - a.count || (a.label ?? a.value).localeCompare(b.label ?? b.value))
    .slice(0, FACET_LIMIT);
}

export class LibraryFacets {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  private rows(key: FacetKey, filters: SearchFilters, select: (where: string) => string): { rows: unknown[] } {
    const params: Params = {};
    const where = filterClauses(without(filters, OWN_FILTERS[key]), params).join(' AND ');
    return { rows: this.statements.get(select(where)).all(params) };
  }

  all(filters: SearchFilters = {}): Facets {
    const read = (key: FacetKey): FacetValue[] => {
      const expr = GROUPED[key] as string;
      const { rows } = this.rows(
        key,
        filters,
        (where) =>
          `SELECT ${expr} AS value, count(*) AS count FROM images WHERE ${where} AND ${expr} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${FACET_LIMIT}`,
      );
      return (rows as Array<{ value: string | number; count: number }>).map((r) => ({
        value: String(r.value),
        count: r.count,
      }));
    };
    const models = this.rows(
      'models',
      filters,
      (where) =>
        `SELECT images.model_norm AS name, lower(images.model_hash) AS hash, count(*) AS count FROM images
        WHERE ${where} AND images.model_norm IS NOT NULL GROUP BY 1, 2`,
    ).rows as Array<{ name: string; hash: string | null; count: number }>;
    const loras = this.rows(
      'loras',
      filters,
      (where) =>
        `SELECT a.name_norm AS value, count(DISTINCT a.image_id) AS count FROM image_adapters a JOIN images ON images.id = a.image_id
        WHERE ${where} AND a.kind IN ('lora', 'lycoris') GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${FACET_LIMIT}`,
    ).rows as FacetValue[];
    const tags = this.rows(
      'tags',
      filters,
      (where) =>
        `SELECT min(t.tag) AS value, count(*) AS count FROM image_tags t JOIN images ON images.id = t.image_id
        WHERE ${where} GROUP BY t.tag_norm ORDER BY 2 DESC, 1 LIMIT ${FACET_LIMIT}`,
    ).rows as FacetValue[];
    return {
      generators: read('generators'),
      models: mergeModelsByHash(models),
      samplers: read('samplers'),
      schedulers: read('schedulers'),
      loras,
      sizes: read('sizes'),
      tags,
    };
  }
}

// Values for the renderer's filter dropdowns, with counts, in the form the search filters accept
// (model_norm for model, sampler_id for sampler, normalized adapter names for lora). Grouped reads over the
// library's indexes; capped so a library with 50k distinct LoRA names still answers a small list.
import type Database from 'better-sqlite3';
import type { FacetValue, Facets } from '../../shared/contract';

/** A dropdown longer than this is not read by anyone; the search box covers the tail. */
export const FACET_LIMIT = 300;

const LIVE = `state <> 'missing'`;

export class LibraryFacets {
  private readonly statements: Record<keyof Facets, Database.Statement>;

  constructor(db: Database.Database) {
    const grouped = (expr: string) =>
      db.prepare(`SELECT ${expr} AS value, count(*) AS count FROM images WHERE ${LIVE} AND ${expr} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${FACET_LIMIT}`);
    this.statements = {
      generators: grouped('generator'),
      models: grouped('model_norm'),
      samplers: grouped('sampler_id'),
      schedulers: grouped('scheduler_id'),
      sizes: grouped(`CASE WHEN width IS NOT NULL AND height IS NOT NULL THEN width || 'x' || height END`),
      loras: db.prepare(`SELECT a.name_norm AS value, count(DISTINCT a.image_id) AS count FROM image_adapters a
        JOIN images i ON i.id = a.image_id WHERE i.${LIVE} AND a.kind IN ('lora', 'lycoris')
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${FACET_LIMIT}`),
    };
  }

  all(): Facets {
    const read = (key: keyof Facets) => (this.statements[key].all() as Array<{ value: string | number; count: number }>).map((r): FacetValue => ({ value: String(r.value), count: r.count }));
    return {
      generators: read('generators'),
      models: read('models'),
      samplers: read('samplers'),
      schedulers: read('schedulers'),
      loras: read('loras'),
      sizes: read('sizes'),
    };
  }
}

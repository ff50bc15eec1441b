// One index holding every column the filters and facet counts read, newest first (library-snapshot.ts). The read
// worker's snapshot of a million images comes out of this index alone: the table itself is several KB a row (raw
// metadata, tuple and grade JSON), and `grade` sits behind those in the record, so a table scan read the whole file
// (5 GB at 1M synthetic rows). About 100 bytes an image; built once when an existing library opens.

export const sql = `
CREATE INDEX images_read_columns ON images(timeline, state, generator, model_norm, model_hash, sampler_id, sampler,
  scheduler_id, grade, folder_id, steps, cfg, width, height);
`;

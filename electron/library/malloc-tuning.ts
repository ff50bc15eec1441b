// glibc's default allocator costs libvips 15-27% of indexing throughput (performance-notes.md); these tunables
// recover it, but glibc reads them only when a process starts, so the indexer must be spawned with them.
// Measured here (24 generated 1024x1024 PNGs, 2 cores, 3 alternating runs each on a loaded machine):
// default 4.8 / 6.7 / 7.1 img/s, tuned 8.9 / 9.7 / 8.7 img/s.

export const TUNED_GLIBC_MALLOC =
  'glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864';

function runsOnGlibc(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return Boolean(report?.header?.glibcVersionRuntime);
}

/** True when this process would gain from being re-spawned with TUNED_GLIBC_MALLOC (Linux, glibc, not yet set). */
export function wantsTunedMalloc(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux' || env.GLIBC_TUNABLES !== undefined || env.SEEDSCOPE_MALLOC_TUNING === '0')
    return false;
  return runsOnGlibc();
}

/** The environment to spawn an indexing process with. */
export function tunedMallocEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, GLIBC_TUNABLES: TUNED_GLIBC_MALLOC };
}

/**
 * In a re-spawned indexer: `onGone` runs when the parent process is gone (killed with -9, crashed), which closes
 * the IPC channel it was spawned with. Without this a `--watch` child ran on forever after its parent died
 * (issue #18). The channel does not keep this process alive. Returns the function that stops listening.
 */
export function onParentGone(onGone: () => void): () => void {
  const channel = (process as { channel?: { unref(): void } }).channel;
  if (!process.send || !channel) return () => undefined;
  channel.unref();
  process.once('disconnect', onGone);
  return () => process.removeListener('disconnect', onGone);
}

// The version of what the readers produce. A library stores it on every row; a rescan re-reads the metadata of
// rows indexed by an older version even when their files are unchanged, so a reader fix reaches existing
// libraries without a full re-index. Bump it in the commit that changes any reader's output (README.md).

/**
 * 1: the ComfyUI headline tuple comes from the sampling chain behind the saving node (comfy/output-chain.ts).
 * 2: ComfyUI sampler and scheduler nodes named by class (SamplerDPMPP_SDE, GITSScheduler) get canonical ids.
 */
export const METADATA_READER_VERSION = 2;

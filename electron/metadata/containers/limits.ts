// Bounds that keep one hostile file from costing more than a normal one (reliability-notes.md).

/** Text kept per item. ComfyUI workflows run to a few hundred KB; 8 MB is libpng's own per-chunk inflate cap. */
export const MAX_TEXT_BYTES = 8_000_000;
/** Decompressed bytes allowed per file across every zTXt/iTXt/stealth payload (1,000 chunks × 8 MB would be 8 GB). */
export const MAX_INFLATED_BYTES_PER_FILE = 32_000_000;
/** libpng stops at 1,000 text chunks; 100,000 of them is a chunk-count exhaustion attack. */
export const MAX_TEXT_CHUNKS = 1000;
/** IFD entries read per directory; real files have a few dozen. */
export const MAX_IFD_ENTRIES = 1000;
/** C2PA manifest stores in the corpus are tens of KB; larger ones are kept up to this size. */
export const MAX_C2PA_BYTES = 16_000_000;

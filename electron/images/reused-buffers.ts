// Read buffers reused from file to file. Touching freshly allocated memory is what costs here: on this VM the first
// touch of a page is ≈ 6 µs, so a 2.8 MB file read into a new buffer costs ≈ 4 ms before any work is done. Fresh
// buffers cost the pixel pass 10-18% of its rate, and made the metadata pass of 200 sharp-written PNGs 4x slower.
export type Allocate = (size: number) => Buffer;

/** Larger buffers are not kept: one huge file must not pin its size in memory for the rest of a run. */
export const MAX_KEPT_BYTES = 64 * 1024 * 1024;

export class ReusedBuffers {
  private readonly spare: Buffer[] = [];

  /**
   * Runs `work` with an allocator whose buffer goes back to the pool when `work` settles, so the pool holds one
   * buffer per concurrent `work`. Nothing `work` resolves to may refer to that buffer.
   */
  async use<T>(work: (allocate: Allocate) => Promise<T>): Promise<T> {
    const lease: { buffer: Buffer | null } = { buffer: null };
    const allocate: Allocate = (size) => {
      const spare = this.spare.pop();
      // Some headroom, so files of about one size share buffers.
      lease.buffer = spare && spare.length >= size ? spare : Buffer.allocUnsafeSlow(Math.ceil(size * 1.25));
      return lease.buffer;
    };
    try {
      return await work(allocate);
    } finally {
      if (lease.buffer && lease.buffer.length <= MAX_KEPT_BYTES) this.spare.push(lease.buffer);
    }
  }
}

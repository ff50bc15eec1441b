// Read buffers reused from file to file. Touching freshly allocated memory is what costs here: on this VM the first
// touch of a page is ≈ 6 µs, so a 2.8 MB file read into a new buffer costs ≈ 4 ms before any work is done, and
// the garbage collections that the external memory triggers come on top (bench/library.ts measured 10-18% of the
// pixel pass, and a metadata pass of sharp-written PNGs 4-5x slower than with reused buffers).
export type Allocate = (size: number) => Buffer;

export class ReusedBuffers {
  private readonly spare: Buffer[] = [];

  /**
   * Runs `work` with an allocator whose buffer goes back to the pool when `work` settles, so the pool holds one
   * buffer per concurrent `work`. Nothing `work` resolves to may refer to that buffer.
   */
  async use<T>(work: (allocate: Allocate) => Promise<T>): Promise<T> {
    let taken: Buffer | null = null;
    const allocate: Allocate = (size) => {
      const spare = this.spare.pop();
      // Some headroom, so files of about one size share buffers.
      taken = spare && spare.length >= size ? spare : Buffer.allocUnsafeSlow(Math.ceil(size * 1.25));
      return taken;
    };
    try {
      return await work(allocate);
    } finally {
      if (taken) this.spare.push(taken);
    }
  }
}

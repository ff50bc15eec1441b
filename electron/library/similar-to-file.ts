// "Which of my originals is this?": decode the probe (often a metadata-less copy from a chat app) with the same
// bounded decoder, hash it, and look the hash up among the indexed images.
import type { SimilarHit } from '../../shared/library';
import { decodeImage } from '../pixels/decode';
import { perceptualHash } from '../pixels/perceptual-hash';
import { imagePixelSha256 } from '../pixels/pixel-hash';
import type { Library } from './library';
import type { SimilarOptions } from './near-duplicates';

export interface SimilarToFile {
  perceptualHash: string;
  pixelSha256: string;
  hits: SimilarHit[];
}

/** Throws DecodeError (with a message naming the problem) when the probe cannot be decoded. */
export async function findSimilarToFile(
  library: Library,
  filePath: string,
  options: Omit<SimilarOptions, 'pixelSha256'> = {},
): Promise<SimilarToFile> {
  const decoded = await decodeImage(filePath);
  const hash = perceptualHash(decoded);
  const sha = imagePixelSha256(decoded);
  return { perceptualHash: hash, pixelSha256: sha, hits: library.similar(hash, { ...options, pixelSha256: sha }) };
}

// Text bytes from containers: decoded the way the writers actually wrote them, not the way the specs say.

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 when the bytes are valid UTF-8, else Latin-1 (PNG tEXt spec; Tensor.Art and Stability Matrix put UTF-8 there). */
export function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

/** UTF-8 with replacement characters, plus whether any byte was invalid (iTXt is UTF-8 by spec). */
export function decodeUtf8Lenient(bytes: Uint8Array): { text: string; invalid: boolean } {
  try {
    return { text: utf8Strict.decode(bytes), invalid: false };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), invalid: true };
  }
}

export function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Index of the first NUL at or after `from`, or -1. */
export function indexOfNul(bytes: Uint8Array, from: number, limit = bytes.length): number {
  for (let i = from; i < limit; i++) if (bytes[i] === 0) return i;
  return -1;
}

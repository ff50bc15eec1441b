// JSON text for a recipe body. Seeds reach 2^64 (ComfyUI), beyond what a JS number holds, so a body keeps a
// big seed as a decimal string and the text writes it back as a bare integer: the API then receives the same
// integer the image was made with ("42" and 42 are different requests on some APIs).

/** Input names whose decimal-string value is an integer seed. */
const SEED_KEYS = ['seed', 'noise_seed', 'subseed'];

/** A seed for a body: a number when exact as one, else its decimal string (written bare by recipeJsonText). */
export function seedValue(seed: string): number | string {
  const n = Number(seed);
  return Number.isSafeInteger(n) ? n : seed;
}

export function recipeJsonText(body: unknown): string {
  const text = JSON.stringify(body, null, 2);
  // JSON.stringify escapes quotes inside string values, so this only ever matches a real key/value pair.
  const pattern = new RegExp(`"(${SEED_KEYS.join('|')})": "(-?\\d+)"`, 'g');
  return text.replace(pattern, '"$1": $2');
}

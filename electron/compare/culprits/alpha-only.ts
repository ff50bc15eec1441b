import type { CulpritRule } from './culprit-rule';

/** Every changed pixel differs in alpha alone: stealth metadata (NovelAI, Forge's stealth PNG info, the A1111
 *  extension) writes parameters into alpha least-significant bits, so a re-save by one of them changes alpha
 *  while the picture stays the same (metadata-formats.md §2.4). */
export const alphaOnlyRule: CulpritRule = {
  id: 'alpha-only',
  find(context) {
    if (
      context.pixelsIdentical ||
      context.alphaOnlyChangedPixels === 0 ||
      context.alphaOnlyChangedPixels !== context.changedPixels
    )
      return [];
    return [
      {
        cause: 'other',
        field: 'pixels.alpha',
        a: null,
        b: null,
        explanation:
          `Only the alpha channel differs (${context.changedPixels} pixels, by at most ${context.maxDelta}/255); every colour value is identical. ` +
          'Stealth metadata writers (NovelAI, Forge, the A1111 stealth extension) store parameters in alpha least-significant bits, so this is ' +
          'the same picture with different embedded data, not a different generation.',
        fix: 'Nothing to fix in the generation. Compare the colour only (the RGB hash, `rgbSha256` in `seedscope show --json`), or read the embedded parameters with `seedscope show`.',
        likelihood: 'high',
      },
    ];
  },
};

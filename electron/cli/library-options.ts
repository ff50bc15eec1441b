// What the library's CLI commands share: the --db option and how a row prints on one line.
import type { ImageSummary } from '../../shared/library';
import { option, type ParsedArgs } from './args';
import { openLibrary, type Library } from '../library/library';
import { resolveLibraryPath } from '../library/library-paths';

export function openLibraryFromArgs(args: ParsedArgs): Library {
  return openLibrary(resolveLibraryPath(option(args, 'db')));
}

export function describeImage(image: ImageSummary): string {
  const parts = [
    image.generator ?? '-',
    image.model ?? '-',
    image.seed !== null ? `seed ${image.seed}` : null,
    image.samplerId,
    image.steps !== null ? `${image.steps} steps` : null,
    image.cfg !== null ? `cfg ${image.cfg}` : null,
    image.width && image.height ? `${image.width}x${image.height}` : null,
    image.state === 'offline' ? 'OFFLINE' : null,
  ].filter((p): p is string => p !== null);
  return `${image.path}\n    ${parts.join(' · ')}`;
}

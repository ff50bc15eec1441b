// `seedscope groups [--db FILE] [--json]`: images sharing one generation tuple; groups whose pixels disagree
// first ("same seed, different image").
import { describeImage, openLibraryFromArgs } from '../library-options';
import { numberOption, parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import type { ReproGroup } from '../../../shared/library';

/** The same words as the History view's group pill (renderer/history/GroupCard.tsx). */
export function groupStateWords(
  group: Pick<ReproGroup, 'pixelsAgree' | 'distinctPixelHashes' | 'distinctRgbHashes'>,
): string {
  if (group.pixelsAgree) return 'pixels agree';
  if (group.distinctRgbHashes === 1) return 'alpha differs only';
  return `${group.distinctPixelHashes} different pixel results`;
}

export const groupsCommand: Command = {
  name: 'groups',
  summary: 'reproducibility groups: images with the same tuple, pixel disagreements first',
  usage: 'Usage: seedscope groups [--disagreeing] [--limit N] [--db FILE] [--json]',
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db', 'limit'], ['json', 'disagreeing']);
    const library = openLibraryFromArgs(args, io, 'groups');
    try {
      const groups = library.groups({
        disagreeingOnly: args.flags.has('disagreeing'),
        limit: numberOption(args, 'limit'),
      });
      if (args.flags.has('json')) {
        io.stdout.write(`${JSON.stringify(groups, null, 2)}\n`);
        return 0;
      }
      for (const group of groups) {
        const verdict = groupStateWords(group);
        io.stdout.write(
          `${group.count} images, ${verdict}: ${group.model ?? '-'} seed ${group.seed} ${group.samplerId ?? ''} ` +
            `${group.steps ?? '-'} steps cfg ${group.cfg ?? '-'} ${group.width ?? '-'}x${group.height ?? '-'}\n`,
        );
        for (const image of group.images) io.stdout.write(`  ${describeImage(image).replace(/\n/g, '\n  ')}\n`);
      }
      io.stdout.write(`${groups.length} group(s)\n`);
      return 0;
    } finally {
      library.close();
    }
  },
};

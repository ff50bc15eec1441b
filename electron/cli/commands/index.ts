import type { Command } from '../command';

// Each command registers here with one line.
export const commands: Command[] = [];

import type { Command } from '../command';
import { attachCommand } from './attach';
import { diffCommand } from './diff';
import { embedCommand } from './embed';
import { exportCommand } from './export';
import { gradeCommand } from './grade';
import { groupsCommand } from './groups';
import { indexCommand } from './index-folders';
import { logCommand } from './log';
import { modelsCommand } from './models';
import { recipeCommand } from './recipe';
import { searchCommand } from './search';
import { serveCommand } from './serve';
import { showCommand } from './show';
import { similarCommand } from './similar';
import { sweepsCommand } from './sweeps';
import { verifyCommand } from './verify';

// Each command registers here with one line.
export const commands: Command[] = [
  diffCommand,
  indexCommand,
  searchCommand,
  groupsCommand,
  logCommand,
  sweepsCommand,
  similarCommand,
  showCommand,
  attachCommand,
  gradeCommand,
  serveCommand,
  exportCommand,
  embedCommand,
  modelsCommand,
  recipeCommand,
  verifyCommand,
];

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** One `seedscope` sub-command: one file under cli/commands, one line in cli/commands/index.ts. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

// `seedscope serve [--db FILE] [--port N] [--host ADDR --token-file FILE] [--open]`: the web mode. The same renderer
// and the same contract as the desktop app, over HTTP, for browsing a remote GPU box's outputs and for tests.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { resolveLibraryPath } from '../../library/library-paths';
import { bindProblem } from '../../server/access-policy';
import { AppBackend } from '../../backend/app-backend';
import { appVersion } from '../../records/app-version';
import { startWebServer } from '../../server/http-server';
import { defaultRendererRoot } from '../../backend/static-files';
import { numberOption, option, type ParsedArgs, parseArgs, UsageError } from '../args';
import type { CliIo, Command } from '../command';

/** Says on stderr when no browser could be opened (no opener installed, no display, the opener failed). */
function openInBrowser(url: string, io: CliIo): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const cannot = (why: string): void => {
    io.stderr.write(`seedscope serve: could not open a browser (${why}); open ${url} yourself\n`);
  };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    cannot('no graphical display: DISPLAY and WAYLAND_DISPLAY are unset');
    return;
  }
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', (err: NodeJS.ErrnoException) =>
    cannot(err.code === 'ENOENT' ? `${cmd} is not installed` : `${cmd}: ${err.message}`),
  );
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) cannot(`${cmd} exited with status ${code}`);
  });
  child.unref();
}

/**
 * The access token, from --token-file, SEEDSCOPE_TOKEN or --token. A token on the command line is readable by
 * every local user in `ps` and /proc/PID/cmdline (issue #18); a file or the environment is not.
 */
async function tokenFrom(args: ParsedArgs, io: CliIo): Promise<string | null> {
  const file = option(args, 'token-file');
  const given = option(args, 'token');
  if ([file, given].filter((t) => t !== undefined).length > 1)
    throw new UsageError('give the token one way: --token-file or --token');
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--token-file ${file}: cannot read it (${err.code ?? err.message})`);
    });
    const token = text.replace(/\r?\n$/, '');
    if (token === '') throw new UsageError(`--token-file ${file}: the file is empty`);
    return token;
  }
  if (given !== undefined) {
    io.stderr.write(
      'seedscope serve: warning: --token is visible to every user of this machine in `ps`; pass it with SEEDSCOPE_TOKEN or --token-file instead.\n',
    );
    return given;
  }
  return process.env.SEEDSCOPE_TOKEN || null;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the app in a browser (web mode) on 127.0.0.1',
  usage: [
    'Usage: seedscope serve [--db FILE] [--port N] [--host ADDR --token-file FILE] [--root DIR]... [--open]',
    '',
    '  --db FILE       library database (default: SEEDSCOPE_DB, else the app-data folder)',
    '  --port N        port to listen on (default 4377; 0 picks a free one)',
    '  --host ADDR     address to bind (default 127.0.0.1); any other address needs --token',
    '  --token-file F  read the secret the browser must present (at least 16 characters) from file F;',
    '                  or set SEEDSCOPE_TOKEN. Printed in the URL.',
    '  --token TOKEN   the same secret on the command line (visible to every user in `ps`: prefer the two above)',
    '  --open          open the URL in the default browser',
    '  --root DIR      a folder whose subfolders the browser may list to pick one to add (repeatable;',
    '                  without it the browser types folder paths)',
  ].join('\n'),

  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, ['db', 'port', 'host', 'token', 'token-file', 'root'], ['open']);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const port = numberOption(args, 'port') ?? 4377;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be 0..65535, got ${port}`);
    const host = option(args, 'host') ?? '127.0.0.1';
    const token = await tokenFrom(args, io);
    const problem = bindProblem(host, token);
    if (problem) throw new UsageError(problem);

    const browseRoots = (args.options.get('root') ?? []).map((root) => path.resolve(root));
    for (const root of browseRoots) {
      if (!statSync(root, { throwIfNoEntry: false })?.isDirectory())
        throw new UsageError(`--root ${root}: no such folder`);
    }
    const dbPath = resolveLibraryPath(option(args, 'db'));
    const backend = await AppBackend.open({ dbPath, mode: 'web', version: appVersion(), browseRoots });
    let server;
    try {
      server = await startWebServer({ backend, host, port, token, rendererRoot: defaultRendererRoot() });
    } catch (err) {
      await backend.close();
      const code = (err as NodeJS.ErrnoException).code;
      io.stderr.write(
        code === 'EADDRINUSE'
          ? `seedscope serve: port ${port} is in use. Pass --port with another number (or --port 0 for any free one).\n`
          : `seedscope serve: cannot listen on ${host}:${port} (${err instanceof Error ? err.message : String(err)}).\n`,
      );
      return 1;
    }
    io.stdout.write(`Seedscope web mode for ${dbPath}\nListening on ${server.url}\n`);
    if (browseRoots.length)
      io.stderr.write(`seedscope serve: the browser may pick folders under ${browseRoots.join(', ')}\n`);
    if (args.flags.has('open')) openInBrowser(server.url, io);

    const running = server;
    return new Promise<number>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void running
          .close()
          .then(() => backend.close())
          .then(() => resolve(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};

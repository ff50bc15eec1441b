// The backend's own process. In the desktop app main.ts starts this file with utilityProcess.fork, so SQLite
// queries, the indexer's metadata pass and its worker pool all run outside Electron's main process: the window
// never waits on them, and a native crash on a hostile file ends this process, not the app (main restarts it).
// The same file runs under child_process.fork in Node tests, which is how backend-link.test.ts drives it.
// No `electron` import: the parent's port is process.parentPort (utilityProcess) or process.send (fork).
import { AppBackend } from '../backend/app-backend';
import type { HostMessage, LinkMessage } from './backend-protocol';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: HostMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (message: LinkMessage) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as LinkMessage));
  else process.on('message', (message) => listener(message as LinkMessage));
}

async function main(): Promise<void> {
  const dbPath = process.env.SEEDSCOPE_DB;
  if (!dbPath) throw new Error('SEEDSCOPE_DB is not set');
  const backend = await AppBackend.open({
    dbPath,
    mode: 'desktop',
    version: process.env.SEEDSCOPE_VERSION ?? '0.0.0',
    nativeBinding: process.env.SEEDSCOPE_SQLITE_BINDING || undefined,
  });
  backend.events.subscribe((message) => post({ type: 'event', message }));
  onMessage((message) => {
    if (message.type === 'request') {
      void backend
        .request(message.name, message.args)
        .then((result) => post({ type: 'reply', id: message.id, result }));
    } else if (message.type === 'media') {
      void backend
        .mediaFile(message.kind, message.mediaId)
        .then((result) => post({ type: 'reply', id: message.id, result }));
    } else if (message.type === 'close') {
      void backend.close().finally(() => process.exit(0));
    }
  });
  post({ type: 'ready', info: backend.info });
}

/** How long a failed start waits for main to take its message before exiting anyway. */
const FATAL_GRACE_MS = 5_000;

main().catch((err: unknown) => {
  // Exiting in the same tick as the post could drop the message (the exit can also reach main first, and the
  // real start-up error was lost behind "stopped while starting"): main answers the message with 'close'.
  post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
  onMessage((message) => {
    if (message.type === 'close') process.exit(1);
  });
  process.once('disconnect', () => process.exit(1));
  setTimeout(() => process.exit(1), FATAL_GRACE_MS);
});

// Issue #18, item 5: the backend process posted its fatal message and exited in the same tick, so the start-up
// error could be lost behind "the backend process stopped while starting". utilityProcess delivers the message
// and the exit on different channels; here backend-host.js runs under child_process.fork with its messages
// handed over a little late, the order in which the error used to be lost.
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { BackendLink, type HostProcess } from './backend-link';
import type { HostMessage } from './backend-protocol';

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A host whose messages reach main 50 ms after they were sent, while its exit is reported at once. */
function lateMessageHost(env: Record<string, string>): HostProcess {
  const child = fork(path.join(__dirname, 'backend-host.js'), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('error', () => undefined);
  children.push(child);
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (m) => setTimeout(() => listener(m as HostMessage), 50)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}

test('the real start-up error reaches main even when the exit would travel faster', async () => {
  await assert.rejects(
    BackendLink.start(() => lateMessageHost({ SEEDSCOPE_DB: '' })),
    /SEEDSCOPE_DB is not set/,
  );
  const child = children[0];
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(child.exitCode, 1, 'the host exits once main has its message');
});

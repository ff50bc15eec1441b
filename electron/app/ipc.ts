// Main's side of the contract: one ipcMain.handle per request of the contract, no more. Each checks the sender
// (the app's own main frame: an iframe or a page navigated elsewhere gets nothing) and then hands the untrusted
// arguments to the backend, which validates them with shared/schemas.ts before anything runs.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { requestNames } from '../../shared/contract';
import { fail } from '../../shared/result';
import type { ContractBackend } from './backend-link';
import { eventChannel, requestChannel } from './ipc-channels';
import { isTrustedSender, type SenderFacts } from './security';

function senderFacts(event: IpcMainInvokeEvent): SenderFacts | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

/** Registers the contract's handlers; returns the function that removes them. */
export function registerContractHandlers(backend: ContractBackend): () => void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), (event, args: unknown) => {
      if (!isTrustedSender(senderFacts(event))) {
        return fail('untrusted-sender', `${name} was refused: it did not come from the Seedscope window.`);
      }
      return backend.request(name, args);
    });
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(requestChannel(name));
  };
}

/** Pushes every backend event to the window until it is destroyed. */
export function forwardEvents(backend: ContractBackend, contents: WebContents): void {
  const unsubscribe = backend.events.subscribe((message) => {
    if (contents.isDestroyed()) return unsubscribe();
    contents.send(eventChannel, message);
  });
  contents.once('destroyed', unsubscribe);
}

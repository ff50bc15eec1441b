// The bridge between the sandboxed renderer and main: exposes exactly the contract's client (SeedscopeApi) as
// window.seedscope, nothing else: no ipcRenderer, no generic invoke, no Node. A sandboxed preload may only
// require 'electron', so the only runtime import is 'electron' (preload.test.ts checks it) and the two channel
// strings repeat electron/app/ipc-channels.ts.
import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron';
import type {
  DroppedFile,
  EventName,
  Events,
  ImageRef,
  MediaKind,
  RequestArgs,
  RequestName,
  RequestResult,
  SeedscopeApi,
} from '../../shared/contract';
import type { Result } from '../../shared/result';

const REQUEST_CHANNEL_PREFIX = 'seedscope:request:';
const EVENT_CHANNEL = 'seedscope:event';
const ORIGIN = 'seedscope://app';

type Message = { [E in EventName]: { event: E; payload: Events[E] } }[EventName];

const api: SeedscopeApi = {
  transport: 'electron',

  request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<Result<RequestResult<N>>> {
    return ipcRenderer.invoke(`${REQUEST_CHANNEL_PREFIX}${name}`, args) as Promise<Result<RequestResult<N>>>;
  },

  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    // The IpcRendererEvent (with its sender) never reaches the page: only the payload does.
    const handler = (_ipc: IpcRendererEvent, message: Message) => {
      if (message.event === event) listener(message.payload as Events[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },

  async imageRefForFile(file: DroppedFile): Promise<Result<ImageRef>> {
    // Electron 32+ removed File.path; webUtils is the supported way from a dropped File to its path.
    let filePath = '';
    try {
      filePath = webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    } catch {
      filePath = '';
    }
    if (!filePath) {
      return {
        ok: false,
        error: {
          code: 'not-a-file',
          message: `${file.name}: not a file on this computer (dragged from a browser?). Save it to a folder first, then drop it.`,
        },
      };
    }
    return { ok: true, value: { kind: 'path', path: filePath } };
  },

  mediaUrl(kind: MediaKind, id: string | number): string {
    return `${ORIGIN}/media/${kind}/${encodeURIComponent(String(id))}`;
  },
};

contextBridge.exposeInMainWorld('seedscope', api);

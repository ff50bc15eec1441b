// The web mode's client: the contract over HTTP on the page's own origin (see the transport notes at the end of
// shared/contract.ts). Every failure comes back as a Result naming what failed and what to do, never a throw.
import {
  apiPrefix,
  eventsPath,
  mediaPath,
  uploadFileNameHeader,
  uploadPath,
  type DroppedFile,
  type EventName,
  type Events,
  type ImageRef,
  type MediaKind,
  type RequestArgs,
  type RequestName,
  type RequestResult,
  type SeedscopeApi,
  type UploadReceipt,
} from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';

function isResultShape(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const r = body as { ok: unknown; error?: unknown };
  if (r.ok === true) return 'value' in body;
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return false;
  const e = r.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

async function readResult<T>(response: Response, what: string): Promise<Result<T>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return fail(
      'bad-response',
      `${what} failed: the server answered HTTP ${response.status} without a readable result. Check that \`seedscope serve\` is still running, then try again.`,
    );
  }
  if (!isResultShape(body)) {
    return fail(
      'bad-response',
      `${what} failed: the server's answer (HTTP ${response.status}) is not a Seedscope result. Is this the right address?`,
    );
  }
  return body as Result<T>;
}

function networkFailure(what: string, err: unknown): Result<never> {
  const detail = err instanceof Error ? err.message : String(err);
  return fail(
    'network',
    `${what} failed: the Seedscope server could not be reached (${detail}). Check that \`seedscope serve\` is running and reload the page.`,
  );
}

export function createHttpApi(origin = ''): SeedscopeApi {
  let source: EventSource | null = null;

  const ensureSource = (): EventSource => {
    if (source) return source;
    source = new EventSource(origin + eventsPath);
    return source;
  };

  return {
    transport: 'http',

    async request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<Result<RequestResult<N>>> {
      const what = `The request "${name}"`;
      try {
        const response = await fetch(origin + apiPrefix + name, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(args),
        });
        return await readResult<RequestResult<N>>(response, what);
      } catch (err) {
        return networkFailure(what, err);
      }
    },

    subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      const es = ensureSource();
      const handler = (message: MessageEvent<string>): void => {
        let payload: Events[E];
        try {
          payload = JSON.parse(message.data) as Events[E];
        } catch {
          return; // A torn event is dropped; the next progress event carries the full state again.
        }
        listener(payload);
      };
      es.addEventListener(event, handler as EventListener);
      return () => es.removeEventListener(event, handler as EventListener);
    },

    async imageRefForFile(file: DroppedFile): Promise<Result<ImageRef>> {
      const what = `Uploading "${file.name}" for comparison`;
      try {
        const response = await fetch(origin + uploadPath, {
          method: 'POST',
          headers: {
            [uploadFileNameHeader]: encodeURIComponent(file.name),
            'Content-Type': 'application/octet-stream',
          },
          body: await file.arrayBuffer(),
        });
        const receipt = await readResult<UploadReceipt>(response, what);
        if (!receipt.ok) return receipt;
        return ok({ kind: 'upload', uploadId: receipt.value.uploadId });
      } catch (err) {
        return networkFailure(what, err);
      }
    },

    mediaUrl(kind: MediaKind, id: string | number): string {
      return origin + mediaPath(kind, id);
    },
  };
}

// seedscope://app serves the renderer bundle and, under /media/, images, thumbnails, heatmaps and uploads:
// never file://, so the page cannot read a file by guessing its path. What a URL may reach is decided by
// appProtocolTarget (pure, security.test.ts) and then by the backend's image sources (indexed folders and the
// cache, by real path). Every answer carries the CSP as a header.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { ContractBackend } from './backend-link';
import { findStaticFile } from '../backend/static-files';
import { appProtocolTarget, appScheme, contentSecurityPolicy } from './security';

/** Must run before app 'ready': a standard, secure scheme gets an origin, fetch and CSP like https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

function answer(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': contentSecurityPolicy },
  });
}

function fileResponse(path: string, contentType: string, size: number, cacheControl: string): Response {
  const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': contentType,
      'Content-Length': String(size),
      'Cache-Control': cacheControl,
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export function handleAppProtocol(backend: ContractBackend, rendererRoot: string): void {
  protocol.handle(appScheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Only GET is served.');
    const target = appProtocolTarget(request.url);
    if (!target) return answer(404, 'Not found.');
    if (target.kind === 'media') {
      const found = await backend.mediaFile(target.media, target.id);
      if (!found.ok)
        return answer(
          found.error.code === 'not-found' || found.error.code === 'thumbnail-missing' ? 404 : 403,
          found.error.message,
        );
      return fileResponse(found.value.path, found.value.contentType, found.value.size, 'private, max-age=60');
    }
    const file = await findStaticFile(rendererRoot, target.urlPath);
    if (!file) return answer(404, `No file at ${target.urlPath}. If this is the first start, run \`npm run build\`.`);
    return fileResponse(file.path, file.contentType, file.size, 'no-cache');
  });
}

// The page's Content-Security-Policy, one value for both transports: the web mode's HTTP server and the desktop
// app's protocol handler and session headers send exactly this.

/**
 * One policy for both transports. 'self' is http://127.0.0.1:PORT in web mode and seedscope://app on the
 * desktop, where media are served under the same origin (/media/...), so no other source is ever needed.
 * No 'unsafe-inline' / 'unsafe-eval' anywhere: Vite emits external scripts and styles (vite.config.mts turns off
 * the inline preload polyfill) and React sets styles through the DOM, which style-src does not govern.
 * blob: images are how a dropped local file is shown before (or without) an upload.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

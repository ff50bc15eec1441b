// Vite 8 bundles with Rolldown and transforms with Oxc; there is no @vitejs/plugin-react here, so JSX goes
// through Oxc's built-in transform with React 19's automatic runtime.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  // Relative asset URLs: the same bundle is served by the web mode over http and by the Electron custom protocol.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // A strict CSP (script-src 'self') forbids inline scripts: keep Vite from inlining the preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});

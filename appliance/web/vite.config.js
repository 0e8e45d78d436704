// Builds the client into the folder given by --outDir (CMake passes
// ${CMAKE_BINARY_DIR}/web). Preact's JSX is compiled by esbuild; the service
// worker is written after the bundle so that it can precache the hashed files.
import { defineConfig } from 'vite';
import { serviceWorker } from './build/service-worker-plugin.js';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    // No inline script may be needed: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2020',
    reportCompressedSize: false,
  },
  plugins: [serviceWorker()],
});

import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

/** Where the dev server forwards API calls; `METAMORPH_API` overrides it. */
const apiTarget = process.env.METAMORPH_API ?? 'http://127.0.0.1:8080';

/** Paths the Metamorph server answers; everything else is the SPA. */
const proxiedPaths = ['/api', '/healthz', '/readyz'];

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  resolve: {
    // Import @metamorph/contract from its TypeScript source (the "source"
    // export condition) so the web never needs the contract to be built first.
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(
      proxiedPaths.map((path) => [path, { target: apiTarget, changeOrigin: false, ws: false }]),
    ),
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: Object.fromEntries(proxiedPaths.map((path) => [path, { target: apiTarget }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // Never inline assets as data: URLs; every file is a hashed, cacheable
    // asset served from 'self' (keeps the CSP simple).
    assetsInlineLimit: 0,
    // The server's CSP allows no inline scripts; Vite's modulepreload
    // polyfill lives in the entry chunk, never inline in index.html.
    modulePreload: { polyfill: true },
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached
        // across releases of Metamorph itself.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});

/**
 * Builds the benchmark's peer page (a minimal dwv viewer) for production under /peer/. Separate from the
 * app's build: dwv (GPL) is a dev dependency of the benchmark only and never enters dist/.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/peer/',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../bench-results/peer-dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
  },
});

/**
 * Vite configuration. Cornerstone3D needs its decode worker built as an ES module and its codecs
 * pre-bundled (see ../shared/engineering-notes.md); the sample case is served from sample-dicom/.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';

const sampleRoot = resolve(import.meta.dirname, 'sample-dicom');
const sampleUrlPrefix = '/sample-dicom/';

const contentTypes: Record<string, string> = {
  '.dcm': 'application/dicom',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serves sample-dicom/ at /sample-dicom/ in dev and preview, and copies it into dist/ on build. */
function sampleDicom(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = req.url?.split('?')[0] ?? '';
    if (!url.startsWith(sampleUrlPrefix)) return next();
    const relative = normalize(decodeURIComponent(url.slice(sampleUrlPrefix.length)));
    const file = join(sampleRoot, relative);
    if (!file.startsWith(sampleRoot) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end(`Not found: ${url}`);
      return;
    }
    res.setHeader('Content-Type', contentTypes[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  let outDir = 'dist';
  return {
    name: 'casebook-sample-dicom',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    // Preview too: a missing file must be a real 404, not the SPA fallback (index.html with status 200).
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    async closeBundle() {
      if (existsSync(sampleRoot)) await cp(sampleRoot, join(outDir, 'sample-dicom'), { recursive: true });
    },
  };
}

export default defineConfig({
  plugins: [sampleDicom()],
  worker: { format: 'es' },
  // @cornerstonejs/metadata and @cornerstonejs/utils each pin their own dcmjs 0.52.0; without this the
  // initial bundle carries two copies (measured: +615 kB raw, +173 kB gzip, two dictionary builds at start).
  resolve: { dedupe: ['dcmjs'] },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    include: [
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
      'jpeg-lossless-decoder-js',
      'dicom-parser',
      'comlink',
      'pako',
      '@cornerstonejs/metadata',
    ],
  },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 6000 },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});

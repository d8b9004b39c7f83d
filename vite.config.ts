/**
 * Vite configuration. Cornerstone3D needs its decode worker built as an ES module and its codecs
 * pre-bundled (see ../shared/engineering-notes.md); the sample case is served from sample-dicom/ and its
 * teaching annotations from annotations/. The dev and preview servers also carry the live-class sessions
 * (server/sessionServer.ts) on the app's own origin.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import { basename, extname, join, normalize, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import { CASE_ID } from './generator/caseGeometry.ts';
import { attachSessionServer } from './server/sessionServer.ts';

const sampleRoot = resolve(import.meta.dirname, 'sample-dicom');
const annotationsRoot = resolve(import.meta.dirname, 'annotations');
const fixturesRoot = resolve(import.meta.dirname, 'e2e/fixtures');

const contentTypes: Record<string, string> = {
  '.dcm': 'application/dicom',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * A middleware serving the files of `root` at URL `prefix` (a missing file is a real 404). `only` limits
 * which file names it serves.
 */
function serveFolder(prefix: string, root: string, only?: RegExp): Connect.NextHandleFunction {
  return (req, res, next) => {
    const [url = '', query = ''] = (req.url ?? '').split('?');
    // A module import of a file in these folders (the annotation schema that the validator imports is
    // `/annotations/annotationFile.schema.json?import`) is Vite's to transform: served raw, a module worker
    // gets JSON where it needs JavaScript and cannot start.
    if (!url.startsWith(prefix) || viteModuleQuery.test(query)) return next();
    const relative = normalize(decodeURIComponent(url.slice(prefix.length)));
    const file = join(root, relative);
    if (
      !file.startsWith(root) ||
      (only && !only.test(file)) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      res.statusCode = 404;
      res.end(`Not found: ${url}`);
      return;
    }
    res.setHeader('Content-Type', contentTypes[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
}

/** Query flags Vite adds to module requests (`?import`, `?raw`, `?url`, `?worker_file`...). */
const viteModuleQuery = /(^|&)(import|raw|url|inline|worker|worker_file|sharedworker|direct)(=|&|$)/;

/** Annotation files and case texts: what the app fetches from annotations/ (not the schema or README). */
const teachingFile = /\.(json|md)$/;

/**
 * Serves sample-dicom/ at /sample-dicom/ and annotations/ at /annotations/ in dev and preview, and copies
 * both into dist/ on build. e2e/fixtures/ (deliberately broken files for the end-to-end tests) is served at
 * /e2e/fixtures/ in dev and preview only, never built into dist/.
 */
function sampleDicom(): Plugin {
  const middlewares = [
    serveFolder('/sample-dicom/', sampleRoot),
    serveFolder('/annotations/', annotationsRoot, teachingFile),
    serveFolder('/e2e/fixtures/', fixturesRoot, teachingFile),
  ];
  let outDir = 'dist';
  return {
    name: 'casebook-sample-dicom',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      for (const middleware of middlewares) server.middlewares.use(middleware);
    },
    // Preview too: a missing file must be a real 404, not the SPA fallback (index.html with status 200).
    configurePreviewServer(server) {
      for (const middleware of middlewares) server.middlewares.use(middleware);
    },
    async closeBundle() {
      if (existsSync(sampleRoot)) await cp(sampleRoot, join(outDir, 'sample-dicom'), { recursive: true });
      await cp(annotationsRoot, join(outDir, 'annotations'), {
        recursive: true,
        filter: (source) =>
          source === annotationsRoot ||
          (teachingFile.test(source) && !/(schema|README)/.test(basename(source))),
      });
    },
  };
}

/**
 * Attaches the live-session server to Vite's HTTP server in dev (`npm start`) and preview (what the
 * end-to-end tests serve), so live sessions need no extra process. Rooms end when that server closes.
 */
function liveSessions(): Plugin {
  const attach = (httpServer: unknown) => {
    // Vite in middleware mode has no HTTP server of its own: then there are no live sessions.
    if (!httpServer) return;
    const sessions = attachSessionServer(httpServer as HttpServer);
    (httpServer as HttpServer).once('close', () => void sessions.close());
  };
  return {
    name: 'casebook-live-sessions',
    configureServer(server) {
      attach(server.httpServer);
    },
    configurePreviewServer(server) {
      attach(server.httpServer);
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the build runs from any folder of any web server (a department's /casebook/), not
  // only from the server's root. The case, its images and annotations are fetched relative to the page too.
  base: './',
  plugins: [sampleDicom(), liveSessions()],
  // The sample case's id is written once, in generator/caseGeometry.ts; the app opens it by default
  // (declared for the compiler in src/vite-env.d.ts).
  define: { __SAMPLE_CASE_ID__: JSON.stringify(CASE_ID) },
  // A test of the dev server as a newcomer meets it starts from an empty dependency cache of its own.
  cacheDir: process.env.CASEBOOK_VITE_CACHE_DIR || undefined,
  worker: { format: 'es' },
  // @cornerstonejs/metadata and @cornerstonejs/utils each pin their own dcmjs 0.52.0; without this the
  // initial bundle carries two copies (measured: +615 kB raw, +173 kB gzip, two dictionary builds at start).
  // xmlbuilder2 only serves vtk.js's XML mesh reader/writer, which Cornerstone imports but we never use.
  resolve: {
    dedupe: ['dcmjs'],
    alias: { xmlbuilder2: resolve(import.meta.dirname, 'src/viewer/xmlbuilder2Stub.ts') },
  },
  optimizeDeps: {
    // The scan starts from index.html and every source module, workers included: the dependency scanner does
    // not follow `new Worker(new URL(...))`, so ajv (imported only by the teaching-layer worker) was found on
    // the first visit, re-bundled and the page reloaded under the learner.
    entries: ['index.html', 'src/**/*.ts', '!src/**/*.test.ts', '!src/**/*.testutil.ts'],
    exclude: ['@cornerstonejs/dicom-image-loader'],
    // What the excluded dicom-image-loader and its decode worker import, and what must be one copy.
    include: [
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
      '@cornerstonejs/jpeg-lossless-decoder-js',
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

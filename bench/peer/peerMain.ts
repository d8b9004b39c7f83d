/**
 * The benchmark's peer: a minimal dwv viewer on one series of a case manifest, with the wheel scrolling
 * slices. It carries the same test signals as our viewport (data-series-key, data-image-index,
 * data-image-count, data-render-count, data-loaded) so one probe measures both. Uses only dwv's public API.
 */
import { App, AppOptions, ToolConfig, ViewConfig } from 'dwv';
import { CASE_ID } from '../../generator/caseGeometry.ts';

interface PeerManifest {
  readonly series: readonly {
    readonly key: string;
    readonly instances: readonly { readonly file: string; readonly SOPInstanceUID: string }[];
  }[];
}

/** Marks the benchmark reads (navigation start is the origin of performance.now()). */
const marks = {
  firstImage: 'peer:first-image',
  seriesLoaded: (key: string) => `peer:series-loaded:${key}`,
};

async function start(element: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const manifestUrl = new URL(params.get('case') ?? `/sample-dicom/${CASE_ID}/manifest.json`, location.href);
  const seriesKey = params.get('series') ?? 'ct-axial';
  const [width, height] = (params.get('size') ?? '800x800').split('x').map(Number);
  element.style.width = `${width}px`;
  element.style.height = `${height}px`;

  const response = await fetch(manifestUrl);
  if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
  const manifest = (await response.json()) as PeerManifest;
  const series = manifest.series.find((s) => s.key === seriesKey);
  if (!series) throw new Error(`no series ${seriesKey}`);
  const urls = series.instances.map((i) => new URL(i.file, manifestUrl).href);
  const indexByUid = new Map(series.instances.map((i, index) => [i.SOPInstanceUID, index]));

  element.dataset.seriesKey = seriesKey;
  element.dataset.imageCount = String(urls.length);
  element.dataset.renderCount = '0';
  element.dataset.loaded = '0';

  const app = new App();
  const options = new AppOptions({ '*': [new ViewConfig(element.id)] });
  options.tools = { Scroll: new ToolConfig() };
  app.init(options);

  let renders = 0;
  let loaded = 0;
  app.addEventListener('renderend', () => {
    renders++;
    const controller = app.getActiveLayerGroup()?.getActiveViewLayer()?.getViewController();
    const uid = controller?.getCurrentImageUid();
    const index = uid === undefined ? undefined : indexByUid.get(uid);
    if (index !== undefined) element.dataset.imageIndex = String(index);
    element.dataset.renderCount = String(renders);
    if (renders === 1) {
      performance.mark(marks.firstImage);
      // Scrolling should work while the rest loads, as in our viewer.
      app.setTool('Scroll');
    }
  });
  app.addEventListener('loaditem', () => {
    loaded++;
    element.dataset.loaded = String(loaded);
  });
  app.addEventListener('loadend', () => performance.mark(marks.seriesLoaded(seriesKey)));
  app.addEventListener('error', (event: { error?: unknown }) => console.error('dwv error', event.error));
  Object.defineProperty(window, '__peer', {
    value: Object.freeze({ renderingPath: 'cpu', renderer: 'dwv canvas 2D', dwv: true }),
  });
  app.loadURLs(urls);
}

const root = document.getElementById('layerGroup0');
if (root) {
  start(root).catch((error: unknown) => {
    console.error(error);
    document.body.dataset.error = error instanceof Error ? error.message : String(error);
  });
}

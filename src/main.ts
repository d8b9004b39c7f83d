/**
 * Composition root: loads the case manifest, starts Cornerstone, builds the store, the viewer and the
 * panels, and wires them. The only file that sees every layer.
 */
import './ui/styles.css';
import { caseImageIds, defaultSeries, middleImageIndex } from './data/imageIds.ts';
import { loadCaseManifest } from './data/loadCaseManifest.ts';
import { createStore } from './lib/Store.ts';
import type { WorldPoint } from './model/CaseManifest.ts';
import { initialViewState } from './model/ViewState.ts';
import { createAppShell } from './ui/AppShell.ts';
import { defaultShortcuts } from './ui/defaultShortcuts.ts';
import { HelpOverlay } from './ui/HelpOverlay.ts';
import { h } from './ui/h.ts';
import { MeasurementsPanel } from './ui/MeasurementsPanel.ts';
import { ProblemList } from './ui/ProblemList.ts';
import { SeriesList } from './ui/SeriesList.ts';
import { ShortcutRegistry } from './ui/ShortcutRegistry.ts';
import { StatusBar } from './ui/StatusBar.ts';
import { Toolbar } from './ui/Toolbar.ts';
import { ViewerActions } from './ui/ViewerActions.ts';
import { ViewportGrid } from './ui/ViewportGrid.ts';

/** The case opened when the URL names none (`?case=<manifest URL>` opens another). */
const defaultCaseUrl = 'sample-dicom/tumoral-calcinosis-pubis/manifest.json';

async function start(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const caseUrl = params.get('case') ?? defaultCaseUrl;
  // Fetch the manifest while the viewer chunk (Cornerstone) downloads and parses.
  const [loaded, viewerModule, cornerstone] = await Promise.all([
    loadCaseManifest(caseUrl),
    import('./viewer/CornerstoneViewer.ts'),
    import('./viewer/initCornerstone.ts'),
  ]);
  const { manifest, manifestUrl } = loaded;
  performance.mark('casebook:modules-ready');
  const renderingPath = cornerstone.initCornerstone(params.get('render'));
  performance.mark('casebook:cornerstone-ready');
  const first = defaultSeries(manifest);
  const startIndex = new Map(manifest.series.map((s) => [s.key, middleImageIndex(s)]));
  const startIndexOf = (key: string) => startIndex.get(key) ?? 0;
  const store = createStore(initialViewState(manifest.caseId, first.key, startIndexOf(first.key)));

  const regions = createAppShell(root, manifest.title);
  const viewer = new viewerModule.CornerstoneViewer({
    store,
    manifest,
    imageIds: caseImageIds(manifest, manifestUrl),
    renderingPath,
  });
  const actions = new ViewerActions(store, viewer, manifest, startIndexOf);
  const shortcuts = new ShortcutRegistry();
  const help = new HelpOverlay(document.body, shortcuts);
  for (const shortcut of defaultShortcuts(
    actions,
    () => help.toggle(),
    () => help.close(),
  )) {
    shortcuts.register(shortcut);
  }
  // Capture phase: Cornerstone's focused viewport element calls preventDefault on every key it sees.
  window.addEventListener('keydown', (event) => shortcuts.handle(event), { capture: true });

  new ProblemList(regions.problems, manifest, viewer);
  new Toolbar(regions.toolbar, manifest, store, viewer, actions, () => help.toggle());
  const seriesList = new SeriesList(regions.seriesList, manifest, store, viewer, actions);
  const grid = new ViewportGrid(regions.viewer, store, viewer, actions, manifest);
  new MeasurementsPanel(regions.sidePanels, manifest, viewer, actions);
  new StatusBar(regions.statusBar, manifest, viewer);

  // Thumbnails and the rest of the case load only after the first image is on screen.
  const offFirst = viewer.events.on('display', (display) => {
    if (display.renderCount < 1) return;
    offFirst();
    const later = (fn: () => void) =>
      'requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 500 }) : setTimeout(fn, 0);
    later(() => {
      viewer.prefetchWholeCase();
      seriesList.startThumbnails();
    });
  });

  performance.mark('casebook:ui-ready');
  // Read-only diagnostics for end-to-end tests and the benchmark.
  const diagnostics = {
    caseId: manifest.caseId,
    renderingPath: renderingPath.path,
    renderingReason: renderingPath.reason,
    renderer: renderingPath.renderer,
    getViewState: () => structuredClone(store.get()),
    getDisplay: (viewportIndex: number) => viewer.getDisplay(viewportIndex),
    getProgress: (seriesKey: string) => viewer.getProgress(seriesKey),
    getMeasurements: () => viewer.getMeasurements(),
    getCacheBytes: () => viewer.cacheBytes(),
    worldToCanvas: (viewportIndex: number, point: WorldPoint) => viewer.worldToCanvas(viewportIndex, point),
    canvasToWorld: (viewportIndex: number, point: readonly [number, number]) =>
      viewer.canvasToWorld(viewportIndex, point),
    imageToCanvas: (viewportIndex: number, point: readonly [number, number]) =>
      viewer.imageToCanvas(viewportIndex, point),
  };
  Object.defineProperty(window, '__casebook', { value: Object.freeze(diagnostics), configurable: true });
  void grid;
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error);
    root.replaceChildren(
      h(
        'div',
        { class: 'startup-error', role: 'alert' },
        h('h1', { text: 'The case could not be opened' }),
        h('p', { text: message }),
      ),
    );
  });
}

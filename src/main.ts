/**
 * Composition root: loads the case manifest, starts Cornerstone, builds the store, the viewer and the
 * panels, and wires them. The only file that sees every layer.
 */
import type { CasebookDiagnostics } from './model/CasebookDiagnostics.ts';
import './ui/styles.css';
import { caseImageIds, defaultSeries, fileUrlOf, middleImageIndex } from './data/imageIds.ts';
import { instanceWorkers } from './data/instanceWorkerClient.ts';
import { type LoadedCase, loadCaseManifest } from './data/loadCaseManifest.ts';
import { loadKeyImage } from './data/loadKeyImage.ts';
import type { OpenedLocalCase } from './data/localCaseStore.ts';
import { calmWatcher, type WhenCalm } from './lib/calmWatcher.ts';
import type { Store } from './lib/Store.ts';
import { createStore } from './lib/Store.ts';
import type { CaseManifest, ManifestSeries, WorldPoint } from './model/CaseManifest.ts';
import type { KeyImage } from './model/TeachingAnnotation.ts';
import type { ViewStateProblem } from './model/ViewDocument.ts';
import type { CanvasPoint, ImagePoint, SeriesProgress } from './model/ViewerController.ts';
import { initialViewState, patchViewport, type ViewState, type Voi } from './model/ViewState.ts';
import { viewStateFromLink } from './model/viewLink.ts';
import { placeKeyImage } from './teaching/placeAnnotation.ts';
import { createAppShell } from './ui/AppShell.ts';
import { CopyLinkControl, copyLinkKey, DeepLink } from './ui/DeepLink.ts';
import { defaultShortcuts } from './ui/defaultShortcuts.ts';
import { HelpOverlay } from './ui/HelpOverlay.ts';
import { h } from './ui/h.ts';
import { LectureMode, watchLectureMode } from './ui/LectureMode.ts';
import { MeasurementsPanel } from './ui/MeasurementsPanel.ts';
import { ProblemList } from './ui/ProblemList.ts';
import { RevealControl } from './ui/RevealControl.ts';
import { SeriesList } from './ui/SeriesList.ts';
import { ShortcutRegistry } from './ui/ShortcutRegistry.ts';
import { StatusBar } from './ui/StatusBar.ts';
import { Toolbar } from './ui/Toolbar.ts';
import { ViewerActions } from './ui/ViewerActions.ts';
import { ViewportGrid } from './ui/ViewportGrid.ts';
import type { CornerstoneViewer } from './viewer/CornerstoneViewer.ts';

/** The case opened when the URL names none (`?case=<manifest URL>` opens another). */
const defaultCaseUrl = `sample-dicom/${__SAMPLE_CASE_ID__}/manifest.json`;

async function start(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const caseUrl = params.get('case') ?? defaultCaseUrl;
  // Fetch the manifest while the viewer chunk (Cornerstone) downloads and parses, then (unless the URL's
  // hash carries a view) the annotations file's key image (a small file), and the first image as soon as
  // they name it: a worker reads it while the main thread is still busy with the code.
  const [loaded, viewerModule, cornerstone] = await Promise.all([
    openCase(caseUrl).then(async (result) => {
      const link = viewStateFromLink(location.hash, result.manifest);
      const opening =
        link.kind === 'view'
          ? linkedOpening(result.manifest, link.view)
          : openingView(
              result.manifest,
              await loadKeyImage(annotationsUrlOf(params, result.manifest.caseId)),
            );
      const file = opening.series.instances[opening.imageIndex]?.file;
      if (file) instanceWorkers().prefetch(fileUrlOf(result.manifestUrl, file, result.fileUrls));
      return { ...result, opening, link };
    }),
    import('./viewer/CornerstoneViewer.ts'),
    import('./viewer/initCornerstone.ts'),
  ]);
  const { manifest, manifestUrl, opening, link, fileUrls } = loaded;
  performance.mark('casebook:modules-ready');
  const renderingPath = cornerstone.initCornerstone(params.get('render'));
  performance.mark('casebook:cornerstone-ready');
  const first = opening.series;
  const startIndex = new Map(manifest.series.map((s) => [s.key, middleImageIndex(s)]));
  startIndex.set(first.key, opening.imageIndex);
  const startIndexOf = (key: string) => startIndex.get(key) ?? 0;
  // A link's view, exactly; else the case's opening view.
  const store = createStore(
    link.kind === 'view'
      ? link.view
      : {
          ...patchViewport(initialViewState(manifest.caseId, first.key, opening.imageIndex), 0, {
            ...(opening.voi ? { voi: opening.voi } : {}),
          }),
          // The short link (#view=2&reveal=history): the usual opening view, at the link's reveal stage;
          // a broken link to an unknown case opens it unknown too.
          ...(link.kind === 'opening' || (link.kind === 'broken' && link.reveal)
            ? { reveal: link.reveal ?? 'history' }
            : {}),
        },
  );
  // The learner's own changes that move the images: scrolling, dragging, playing cine.
  const whenCalm = calmWatcher(store, (next, previous) => next.viewports !== previous.viewports);

  const regions = createAppShell(root, manifest.title);
  const imageIds = caseImageIds(manifest, manifestUrl, fileUrls);
  const viewer = new viewerModule.CornerstoneViewer({ store, manifest, imageIds, renderingPath });
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

  const problems = new ProblemList(regions.problems, manifest, viewer);
  const reportLinkProblems = (list: readonly ViewStateProblem[]) => {
    for (const problem of list) problems.addMessage(problem.message, linkProblemHeading);
  };
  if (link.kind === 'broken') reportLinkProblems(link.problems);
  new Toolbar(regions.toolbar, manifest, store, viewer, actions, () => help.toggle());
  const deepLink = new DeepLink({ store, manifest, onLinkProblems: reportLinkProblems });
  const copyLink = new CopyLinkControl(regions.toolbar, deepLink);
  shortcuts.register({
    keys: [copyLinkKey],
    description: 'Copy link to this view',
    group: 'View',
    match: [copyLinkKey.toLowerCase(), copyLinkKey],
    run: () => void copyLink.copy(),
  });
  // Unknown-case mode: the toggle, the reveal button (U), and the case's names at the view's stage.
  new RevealControl({ container: regions.caseActions, store, manifest, title: regions.title, shortcuts });
  // Lecture mode (M): full screen, panels folded into an overlay (O), text and labels for a projector.
  new LectureMode({
    container: regions.caseActions,
    shortcuts,
    closeOtherOverlay: () => {
      if (!help.isOpen) return false;
      help.close();
      return true;
    },
  });
  const seriesList = new SeriesList(regions.seriesList, manifest, store, viewer, actions);
  const grid = new ViewportGrid(regions.viewer, store, viewer, actions, manifest);
  // Findings on top, the case text below them, then the learner's measurements.
  const findingsSlot = h('div', { class: 'teaching-slot findings-slot' });
  const textSlot = h('div', { class: 'teaching-slot text-slot' });
  regions.sidePanels.append(findingsSlot, textSlot);
  new MeasurementsPanel(regions.sidePanels, manifest, viewer, actions);
  new StatusBar(regions.statusBar, manifest, viewer);
  // Live class (issue 14): the Live control, and a session link's student side; socket.io loads only when a
  // session starts. A session link (or a tab that follows or presents, kept in sessionStorage) starts it at
  // once; otherwise it comes with the teaching layer, after the first image.
  let liveStarted = false;
  const startLiveOnce = () => {
    if (liveStarted) return;
    liveStarted = true;
    void import('./ui/startLive.ts')
      .then((live) =>
        live.startLive({
          store,
          manifest,
          shortcuts,
          problems,
          caseActions: regions.caseActions,
          centerColumn: regions.viewer.parentElement ?? regions.viewer,
          viewer,
          viewportElement: (index) => grid.cell(index)?.element,
        }),
      )
      .catch((error: unknown) => {
        console.error(error);
        const message = error instanceof Error ? error.message : String(error);
        problems.addMessage(`The live session could not be started: ${message}`, 'Live session');
      });
  };
  if (/(?:^#|&)live=/.test(location.hash) || liveSessionInTab()) startLiveOnce();
  // A local case (the teacher's own files): what the drop held that is not shown, said once.
  for (const problem of loaded.local?.problems ?? [])
    problems.addMessage(problem, 'Some files could not be opened');
  for (const other of loaded.local?.others ?? [])
    problems.addMessage(`${other.name}: ${other.kind}`, 'Not images: listed, not shown');
  // Opening the teacher's own files (a drop anywhere, the Open button): its code loads with the page's rest.
  let openFilesStarted = false;
  const startOpenFilesOnce = () => {
    if (openFilesStarted) return;
    openFilesStarted = true;
    void import('./ui/OpenFilesControl.ts')
      .then(
        ({ OpenFilesControl }) =>
          new OpenFilesControl({
            container: regions.caseActions,
            knownCases: () => knownCases(manifest),
            sampleHref: location.pathname,
            open: (id) => location.assign(`${location.pathname}?case=${encodeURIComponent(`local:${id}`)}`),
          }),
      )
      .catch((error: unknown) => console.error(error));
  };

  // The first image needs only Cornerstone core and the loader. What else the page needs loads after it, when
  // the learner is not scrolling (its code is evaluated on the main thread that draws the slices): the
  // Cornerstone tools (mouse drags on the image; at once when the learner presses on an image), then the
  // teaching layer (annotations, overlays, findings, text), then the thumbnails. The teaching layer also
  // starts when the first image failed, or after a while if it is slow.
  regions.viewer.addEventListener('pointerdown', () => void viewer.loadTools(), {
    capture: true,
    once: true,
  });
  let teachingStarted = false;
  const startTeachingOnce = () => {
    if (teachingStarted) return;
    teachingStarted = true;
    startLiveOnce();
    startOpenFilesOnce();
    const context = {
      categoriesFromLink: link.kind === 'view' && link.categoriesGiven,
      reportLinkProblems,
      whenCalm,
      params,
      manifest,
      store,
      viewer,
      imageIds,
      grid,
      problems,
      shortcuts,
      findingsSlot,
      textSlot,
      centerColumn: regions.viewer.parentElement ?? regions.viewer,
      caseActions: regions.caseActions,
    };
    startTeaching(context).catch((error: unknown) => {
      console.error(error);
      problems.addMessage(
        `The teaching layer could not be started: ${error instanceof Error ? error.message : String(error)}`,
        'The teaching annotations could not be loaded',
      );
    });
  };
  const offProblem = viewer.events.on('loadProblem', () => {
    offProblem();
    startTeachingOnce();
  });
  setTimeout(startTeachingOnce, 3000);

  // A display with a VOI is a drawn image (earlier renders of the empty viewport have none).
  const offFirst = viewer.events.on('display', (display) => {
    if (display.renderCount < 1 || !display.voi) return;
    offFirst();
    // The rest of the case queues behind the series on screen: no cost to the slices being looked at.
    viewer.prefetchWholeCase();
    void (async () => {
      await whenCalm(300, 4000);
      await viewer.loadTools();
      startTeachingOnce();
      // Thumbnails (other series' images, drawn and encoded on this thread) wait for the series on screen:
      // interleaved runs loaded the CT 3-7 % sooner without them competing (e.g. 5.26 -> 5.12 s median of 13).
      await seriesOnScreenLoaded(viewer, store.get(), 10_000);
      await whenCalm(300, 4000);
      seriesList.startThumbnails();
    })().catch((error: unknown) => console.error(error));
  });

  performance.mark('casebook:ui-ready');
  // Read-only diagnostics for end-to-end tests and the benchmark.
  const diagnostics: CasebookDiagnostics = {
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
    canvasToWorld: (viewportIndex: number, point: CanvasPoint) => viewer.canvasToWorld(viewportIndex, point),
    imageToCanvas: (viewportIndex: number, point: ImagePoint) => viewer.imageToCanvas(viewportIndex, point),
  };
  Object.defineProperty(window, '__casebook', { value: Object.freeze(diagnostics), configurable: true });
}

/**
 * Opens a case: `local:<id>` from the browser's store of the teacher's own files, else a manifest URL.
 * @param caseUrl - the `?case=` value (or the bundled sample's manifest)
 */
async function openCase(
  caseUrl: string,
): Promise<LoadedCase & { readonly local?: Pick<OpenedLocalCase, 'others' | 'problems'> }> {
  if (!caseUrl.startsWith('local:')) return loadCaseManifest(caseUrl);
  const { openLocalCase } = await import('./data/localCaseStore.ts');
  const opened = await openLocalCase(caseUrl.slice('local:'.length));
  return { ...opened.loaded, local: { others: opened.others, problems: opened.problems } };
}

/** The cases whose teaching files attach to a dropped study: the open one and the bundled sample. */
async function knownCases(open: CaseManifest): Promise<CaseManifest[]> {
  const sample = await loadCaseManifest(defaultCaseUrl).catch(() => undefined);
  return sample && sample.manifest.caseId !== open.caseId ? [open, sample.manifest] : [open];
}

/** Whether this tab follows or presents a live session (a reload rejoins at once). */
function liveSessionInTab(): boolean {
  try {
    return Object.keys(sessionStorage).some((key) => key.startsWith('casebook.live.'));
  } catch {
    return false;
  }
}

/** Heading of the problem list when a link's view could not be shown as it is. */
const linkProblemHeading = "The link's view could not be shown as it was shared";

/** Where a link's view opens: the image of its active viewport (prefetched before Cornerstone starts). */
function linkedOpening(
  manifest: CaseManifest,
  view: ViewState,
): { series: ManifestSeries; imageIndex: number; voi?: Voi } {
  const wanted = view.viewports[view.activeViewport] ?? view.viewports[0];
  const series = manifest.series.find((s) => s.key === wanted?.seriesKey) ?? defaultSeries(manifest);
  return {
    series,
    imageIndex: wanted?.seriesKey === series.key ? wanted.imageIndex : middleImageIndex(series),
  };
}

/** The case's annotations file: `?annotations=<url>`, else `annotations/<caseId>.json`. */
function annotationsUrlOf(params: URLSearchParams, caseId: string): string {
  return params.get('annotations') ?? `annotations/${caseId}.json`;
}

/**
 * Where the case opens: its key image and window when the annotations file names one that the manifest
 * has, else the middle image of the default series (the first CT) in its default window.
 */
function openingView(
  manifest: CaseManifest,
  keyImage: KeyImage | null,
): { series: ManifestSeries; imageIndex: number; voi?: Voi } {
  const key = keyImage ? placeKeyImage(keyImage, manifest) : null;
  if (key?.ok) return key.placement;
  const series = defaultSeries(manifest);
  return { series, imageIndex: middleImageIndex(series) };
}

/**
 * Resolves once every image of the series in the active viewport has loaded or failed, or after `maxMs`.
 */
function seriesOnScreenLoaded(viewer: CornerstoneViewer, state: ViewState, maxMs: number): Promise<void> {
  const key = state.viewports[state.activeViewport]?.seriesKey;
  const done = (p: SeriesProgress | null) => p === null || p.loaded + p.failed >= p.total;
  if (!key || done(viewer.getProgress(key))) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(finish, maxMs);
    const off = viewer.events.on('progress', (p) => {
      if (p.seriesKey === key && done(p)) finish();
    });
  });
}

/** A problem with a link's teaching state (found once the annotations file is known). */
function linkProblem(field: string, value: string, detail: string): ViewStateProblem {
  return { field, value, detail, message: `The link's ${field}: ${detail}; it is left out.` };
}

/** What the teaching layer is wired to. */
interface TeachingContext {
  /** The view came from a link that says which overlays are shown (perhaps none): keep them. */
  readonly categoriesFromLink: boolean;
  readonly reportLinkProblems: (problems: readonly ViewStateProblem[]) => void;
  readonly whenCalm: WhenCalm;
  readonly params: URLSearchParams;
  readonly manifest: CaseManifest;
  readonly store: Store<ViewState>;
  readonly viewer: CornerstoneViewer;
  readonly imageIds: ReturnType<typeof caseImageIds>;
  readonly grid: ViewportGrid;
  readonly problems: ProblemList;
  readonly shortcuts: ShortcutRegistry;
  readonly findingsSlot: HTMLElement;
  readonly textSlot: HTMLElement;
  /** Column of the images: the tour bar goes under them. */
  readonly centerColumn: HTMLElement;
  /** Teaching controls beside the title (tour, quiz). */
  readonly caseActions: HTMLElement;
}

/**
 * Loads the case's teaching layer (`?annotations=<url>` overrides `annotations/<caseId>.json`) and wires the
 * overlays, findings panel, case text and slider ticks. Its modules (Markdown, sanitiser) are
 * loaded here, lazily. A bad file is listed in the problem list, naming file, annotation and problem; the
 * images keep working without overlays. It starts in steps (overlays, findings, text, slider ticks), each
 * when the learner pauses, so a learner scrolling from the first image is not held up by it.
 */
async function startTeaching(context: TeachingContext): Promise<void> {
  const { params, manifest, store, viewer, imageIds, grid, problems, shortcuts } = context;
  const pause = () => context.whenCalm(150, 2000);
  // The overlays draw through a Cornerstone tool.
  await viewer.loadTools();
  const [data, indexing, focusing, overlay, findingsUi, textUi, ticksUi] = await Promise.all([
    import('./data/loadTeachingLayerOffThread.ts'),
    import('./teaching/AnnotationIndex.ts'),
    import('./teaching/focusFinding.ts'),
    import('./viewer/TeachingOverlayAdapter.ts'),
    import('./ui/FindingsPanel.ts'),
    import('./ui/CaseTextPanel.ts'),
    import('./ui/SliderTickMarks.ts'),
  ]);
  const url = annotationsUrlOf(params, manifest.caseId);
  const loaded = await data.loadTeachingLayerOffThread(url, manifest.caseId);
  // A case without teaching annotations (the default file is not there) opens plainly, as a viewer.
  if (!loaded.ok && loaded.absent && !params.has('annotations')) {
    findingsUi.FindingsPanel.unavailable(
      context.findingsSlot,
      'This case has no teaching annotations: the images work as in any viewer.',
    );
    return;
  }
  if (!loaded.ok) {
    for (const problem of loaded.problems) {
      problems.addMessage(problem.message, 'The teaching annotations could not be loaded');
    }
    findingsUi.FindingsPanel.unavailable(
      context.findingsSlot,
      'No overlays or case text: the annotations file has errors (listed above). The images work as usual.',
    );
    return;
  }
  await pause();
  const fileName = decodeURIComponent(new URL(url, location.href).pathname.replace(/^\//, ''));
  const index = indexing.buildAnnotationIndex(loaded.file, manifest, fileName);
  for (const problem of [...loaded.warnings, ...index.problems]) {
    problems.addMessage(problem.message, 'Some teaching annotations have problems');
  }
  const seriesByKey = new Map(manifest.series.map((s) => [s.key, s]));
  /** Pixel spacing the viewer measures pans in, per series, once known (see imageSpacingMm). */
  const spacingBySeries = new Map<string, readonly [number, number]>();
  const goToFinding = (findingId: string) => {
    const target = indexing.resolveFindingLink(index, findingId);
    const series = target ? seriesByKey.get(target.seriesKey) : undefined;
    if (!target || !series) return;
    const known = spacingBySeries.get(series.key);
    let camera: ViewState['viewports'][number]['camera'];
    store.update((s) => {
      const next = focusing.focusFinding(s, target, series, known);
      camera = next.viewports[next.activeViewport]?.camera;
      return next;
    }, 'learner');
    if (known) return;
    // Centre with the viewer's own spacing once known (a radiograph's is corrected for magnification),
    // unless the learner has moved on meanwhile.
    void adapter.imageSpacingMm(series.key, target.imageIndex).then((spacing) => {
      if (!spacing) return;
      spacingBySeries.set(series.key, spacing);
      if (spacing[0] === series.PixelSpacing[0] && spacing[1] === series.PixelSpacing[1]) return;
      store.update(
        (s) =>
          s.highlightedFinding === findingId && s.viewports[s.activeViewport]?.camera === camera
            ? focusing.focusFinding(s, target, series, spacing)
            : s,
        'app',
      );
    });
  };
  const adapter = new overlay.TeachingOverlayAdapter({
    viewer,
    store,
    index,
    imageIds,
    onFindingClick: (findingId) =>
      store.update(
        (s) => (s.highlightedFinding === findingId ? s : { ...s, highlightedFinding: findingId }),
        'learner',
      ),
  });
  // Lecture mode draws the labels for a projector.
  watchLectureMode((on) => adapter.setLabelScale(on ? overlay.lectureLabelScale : 1));
  // The case opens with every category shown unless a link says which (perhaps none). What a link names
  // that this file does not have is reported and left out.
  const categoryIds = loaded.file.categories.map((c) => c.id);
  const shown = store.get();
  const linkProblems: ViewStateProblem[] = [];
  for (const id of shown.visibleCategories) {
    if (!categoryIds.includes(id))
      linkProblems.push(linkProblem('visibleCategories', id, `this case has no overlay category '${id}'`));
  }
  const finding = shown.highlightedFinding;
  if (finding !== null && !index.placements.has(finding)) {
    linkProblems.push(linkProblem('highlightedFinding', finding, `this case has no finding '${finding}'`));
  }
  context.reportLinkProblems(linkProblems);
  store.update((s) => {
    const visibleCategories = context.categoriesFromLink
      ? s.visibleCategories.filter((id) => categoryIds.includes(id))
      : s.visibleCategories.length > 0
        ? s.visibleCategories
        : categoryIds;
    const highlightedFinding =
      s.highlightedFinding !== null && index.placements.has(s.highlightedFinding)
        ? s.highlightedFinding
        : null;
    const same =
      highlightedFinding === s.highlightedFinding &&
      visibleCategories.length === s.visibleCategories.length &&
      visibleCategories.every((id, i) => id === s.visibleCategories[i]);
    return same ? s : { ...s, visibleCategories, highlightedFinding };
  }, 'app');
  await pause();
  const findings = new findingsUi.FindingsPanel(context.findingsSlot, store, index, manifest, {
    goToFinding,
  });
  shortcuts.register({
    keys: [findingsUi.toggleAllKey],
    description: 'Show / hide all teaching overlays',
    group: 'Teaching',
    match: [findingsUi.toggleAllKey.toLowerCase(), findingsUi.toggleAllKey],
    run: () => findings.toggleAll(),
  });
  await pause();
  new textUi.CaseTextPanel(context.textSlot, store, loaded.text, loaded.file, {
    goToFinding,
    ...(manifest.displayName ? { unknownTitle: manifest.displayName } : {}),
  });
  await pause();
  // Tours and the quiz are parts of their own: one that fails is reported, the rest carries on.
  const reportStartFailure = (what: string, heading: string) => (error: unknown) => {
    console.error(error);
    const message = error instanceof Error ? error.message : String(error);
    problems.addMessage(`${what} could not be started: ${message}`, heading);
  };
  await import('./ui/startTours.ts')
    .then((tours) =>
      tours.startTours({
        ...context,
        text: loaded.text,
        knownFindings: new Set(index.placements.keys()),
        frameShown: () =>
          new Promise((resolve) => {
            const off = viewer.events.on('display', () => {
              off();
              resolve();
            });
          }),
      }),
    )
    .catch(reportStartFailure('The guided tour', 'The guided tour could not be loaded'));
  await pause();
  new ticksUi.SliderTickMarks(grid, store, index);
  performance.mark('casebook:teaching-ready');
  await pause();
  await import('./ui/startQuiz.ts')
    .then((quiz) => quiz.startQuiz({ ...context, index }))
    .catch(reportStartFailure('The quiz', 'The quiz could not be loaded'));
  // Whether or not the case has a quiz: tests know the quiz step is over.
  performance.mark('casebook:quiz-ready');
}

const root = document.getElementById('app');
// From file:// the inline script of index.html explains why the viewer cannot run (no workers, no fetch).
if (root && location.protocol !== 'file:') {
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

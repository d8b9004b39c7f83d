/**
 * The view as a versioned document: what a deep link, a tour step, a quiz question or a live class stores and
 * sends. Its type, validator, version constants and migrations in one place; the in-memory ViewState it reads
 * into and writes from is in ViewState.ts. Pure; no DOM, no Cornerstone.
 */
import {
  array,
  boolean,
  childPath,
  describeValue,
  itemPath,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  type Report,
  refine,
  run,
  string,
  tuple,
  type ValidationProblem,
  type Validator,
} from '../lib/validate.ts';
import type { CaseManifest, ManifestSeries } from './CaseManifest.ts';
import { knownCase, type RevealStage, revealStages } from './RevealStage.ts';
import {
  type CineState,
  cineFpsRange,
  clampImageIndex,
  type Layout,
  layouts,
  type PrimaryTool,
  primaryTools,
  stoppedCine,
  type ViewCamera,
  type ViewState,
  type Voi,
  viewportCount,
} from './ViewState.ts';

// The view as a versioned document (issue 12). The in-memory ViewState keeps `imageIndex`, which the scroll
// hot path writes on every slice; the document form (what a deep link, a tour step, a quiz or a live class
// writes) names the image by series key and SOPInstanceUID, so it keeps meaning the same image when a
// series is re-sorted or an image is added. One place for the type, its validator, versions and migration.

/** Versions of the view document, oldest first. */
export const viewStateVersions = {
  /** The in-memory ViewState as it was serialised before documents existed: images by index, no version. */
  indexed: 0,
  /** Images by `{ seriesKey, SOPInstanceUID }`, a `schemaVersion` field. */
  bySopInstance: 1,
  /** A `reveal` stage (unknown-case mode); version 1 reads as a known case (`all`). */
  withReveal: 2,
} as const;

/** The version {@link toViewDocument} writes and {@link parseViewState} upgrades to. */
export const currentViewStateVersion = viewStateVersions.withReveal;

/** Zoom limits a document may carry (1 = image fits), as the viewer clamps them. */
export const cameraZoomRange = { min: 0.05, max: 50 } as const;

/** One image of the case, named so that it survives a re-sorted or grown series. */
export interface ImageReference {
  readonly seriesKey: string;
  readonly SOPInstanceUID: string;
}

/** What one viewport shows, in document form. */
export interface ViewportDocument {
  readonly image: ImageReference;
  /** Absent: the series' default VOI. */
  readonly voi?: Voi;
  readonly invert: boolean;
  /** Absent: fit to the viewport. */
  readonly camera?: ViewCamera;
  readonly cine: CineState;
}

/** The view in document form, version 2: what links, tours, quizzes and live classes store and send. */
export interface ViewDocument {
  readonly schemaVersion: typeof viewStateVersions.withReveal;
  readonly caseId: string;
  readonly layout: Layout;
  readonly activeViewport: number;
  readonly primaryTool: PrimaryTool;
  readonly viewports: readonly ViewportDocument[];
  readonly visibleCategories: readonly string[];
  readonly highlightedFinding: string | null;
  /** How much of the case is shown (`all`: a known case). */
  readonly reveal: RevealStage;
}

/** A view of version 1: version 2 without `reveal` (every case known). */
export interface ViewDocumentV1 extends Omit<ViewDocument, 'schemaVersion' | 'reveal'> {
  readonly schemaVersion: typeof viewStateVersions.bySopInstance;
}

/** A viewport of version 0: the in-memory shape, `cine` absent in views written before it existed. */
export interface ViewportDocumentV0 {
  readonly seriesKey: string;
  readonly imageIndex: number;
  readonly voi?: Voi;
  readonly invert: boolean;
  readonly camera?: ViewCamera;
  readonly cine?: CineState;
}

/** A view of version 0 (no `schemaVersion`): the in-memory shape, `primaryTool` absent in older views. */
export interface ViewDocumentV0 {
  readonly caseId: string;
  readonly layout: Layout;
  readonly activeViewport: number;
  readonly primaryTool?: PrimaryTool;
  readonly viewports: readonly ViewportDocumentV0[];
  readonly visibleCategories: readonly string[];
  readonly highlightedFinding: string | null;
}

/** One thing wrong with a view document, link or tour step, phrased for the teacher who has to fix it. */
export interface ViewStateProblem {
  /** Field in the document, e.g. `viewports[1].image.SOPInstanceUID`; `''` for the document itself. */
  readonly field: string;
  /** What was found there. */
  readonly value: unknown;
  /** What is wrong, without the field. */
  readonly detail: string;
  /** The whole sentence: `field: detail`. */
  readonly message: string;
}

/** The outcome of {@link parseViewState}. */
export type ViewStateParse =
  | { readonly ok: true; readonly view: ViewState }
  | { readonly ok: false; readonly problems: readonly ViewStateProblem[] };

/**
 * Builds a problem and its message.
 * @param field - field path in the document (or, for a link's grammar, the link's parameter name)
 * @param value - what was found there
 * @param detail - what is wrong, a phrase that reads after `field: `
 */
export function makeViewStateProblem(field: string, value: unknown, detail: string): ViewStateProblem {
  const message = field ? `${field}: ${detail}` : `${detail.charAt(0).toUpperCase()}${detail.slice(1)}`;
  return { field, value, detail, message };
}

const toProblem = (p: ValidationProblem): ViewStateProblem => makeViewStateProblem(p.path, p.value, p.detail);

/**
 * The document form of a view, for a link, a tour step or a live class.
 * A viewport whose series the manifest lacks gets an empty SOPInstanceUID (parsing it back reports it);
 * an index outside its series is clamped.
 * @param state - the view on screen
 * @param manifest - the open case
 */
export function toViewDocument(state: ViewState, manifest: CaseManifest): ViewDocument {
  return {
    schemaVersion: currentViewStateVersion,
    caseId: state.caseId,
    layout: state.layout,
    activeViewport: state.activeViewport,
    primaryTool: state.primaryTool,
    viewports: state.viewports.map((viewport) => {
      const instances = findSeries(manifest, viewport.seriesKey)?.instances ?? [];
      const instance = instances[clampImageIndex(viewport.imageIndex, instances.length)];
      return {
        image: { seriesKey: viewport.seriesKey, SOPInstanceUID: instance?.SOPInstanceUID ?? '' },
        ...(viewport.voi ? { voi: { ...viewport.voi } } : {}),
        invert: viewport.invert,
        ...(viewport.camera ? { camera: copyCamera(viewport.camera) } : {}),
        cine: { ...viewport.cine },
      };
    }),
    visibleCategories: [...state.visibleCategories],
    highlightedFinding: state.highlightedFinding,
    reveal: state.reveal,
  };
}

/**
 * Reads a view document of any known version (a parsed link, a tour step, a message), checks it against
 * the open case and returns the in-memory view, or every problem found. Never throws, whatever the value.
 * Version 0 (no `schemaVersion`) is upgraded through the manifest, version 1 to a known case. An absent `visibleCategories` reads as
 * none (a link without `cat`); callers that must tell "none" from "not said" look at the raw value.
 * Categories and the highlighted finding are only type-checked: the annotation file loads later.
 * @param raw - the untrusted value
 * @param manifest - the open case
 */
export function parseViewState(raw: unknown, manifest: CaseManifest): ViewStateParse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail([makeViewStateProblem('', raw, `a view must be an object, not ${describeValue(raw)}`)]);
  }
  const input = raw as Readonly<Record<string, unknown>>;
  const version = input.schemaVersion ?? viewStateVersions.indexed;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    const detail = `must be a whole number (the version of the view), not ${describeValue(version)}`;
    return fail([makeViewStateProblem('schemaVersion', version, detail)]);
  }
  if (version > currentViewStateVersion) {
    const detail =
      `this view was made by a newer version of DICOM Casebook (view version ${version}; this one reads ` +
      `up to ${currentViewStateVersion}): reload the page to update it`;
    return fail([makeViewStateProblem('schemaVersion', version, detail)]);
  }
  let problems: readonly ValidationProblem[];
  let doc: ViewDocument | undefined;
  if (version === viewStateVersions.indexed) {
    // Version 0 had no version field; one written as 0 is read the same.
    const fields = Object.fromEntries(Object.entries(input).filter(([key]) => key !== 'schemaVersion'));
    const v0 = run(viewDocumentV0Validator(manifest), fields);
    problems = [...(v0.ok ? [] : v0.problems), ...crossFieldProblems(fields, manifest, true)];
    if (v0.ok && problems.length === 0) doc = migrateRevealView(migrateIndexedView(v0.value, manifest));
  } else {
    const withCategories =
      input.visibleCategories === undefined ? { ...input, visibleCategories: [] } : input;
    const cross = crossFieldProblems(input, manifest, false);
    if (version === viewStateVersions.bySopInstance) {
      const v1 = run(viewDocumentV1Validator(manifest), withCategories);
      problems = [...(v1.ok ? [] : v1.problems), ...cross];
      if (v1.ok && problems.length === 0) doc = migrateRevealView(v1.value);
    } else {
      const v2 = run(viewDocumentValidator(manifest), withCategories);
      problems = [...(v2.ok ? [] : v2.problems), ...cross];
      if (v2.ok && problems.length === 0) doc = v2.value;
    }
  }
  if (!doc) return fail(problems.map(toProblem));
  return { ok: true, view: fromViewDocument(doc, manifest) };
}

/**
 * Migration 0 -> 1: images by index become images by SOPInstanceUID (the manifest's display order), a
 * missing cine is stopped, a missing tool is window/level. Expects a checked version-0 view (indices in
 * range); an index that is not gets an empty SOPInstanceUID.
 * @param doc - a valid version-0 view
 * @param manifest - the case it belongs to
 */
export function migrateIndexedView(doc: ViewDocumentV0, manifest: CaseManifest): ViewDocumentV1 {
  return {
    schemaVersion: viewStateVersions.bySopInstance,
    caseId: doc.caseId,
    layout: doc.layout,
    activeViewport: doc.activeViewport,
    primaryTool: doc.primaryTool ?? 'WindowLevel',
    viewports: doc.viewports.map(({ seriesKey, imageIndex, cine, ...rest }) => {
      const instance = findSeries(manifest, seriesKey)?.instances[imageIndex];
      return {
        ...rest,
        image: { seriesKey, SOPInstanceUID: instance?.SOPInstanceUID ?? '' },
        cine: cine ?? stoppedCine,
      };
    }),
    visibleCategories: doc.visibleCategories,
    highlightedFinding: doc.highlightedFinding,
  };
}

/**
 * Migration 1 -> 2: a view from before unknown-case mode shows a known case (`reveal: 'all'`).
 * @param doc - a valid version-1 view
 */
export function migrateRevealView(doc: ViewDocumentV1): ViewDocument {
  return { ...doc, schemaVersion: viewStateVersions.withReveal, reveal: knownCase };
}

/** A UID as messages show it: bare (DICOM UIDs are at most 64 characters), `''` when empty, cut when long. */
function uidText(uid: string): string {
  if (uid === '') return "''";
  return uid.length > 64 ? `${uid.slice(0, 61)}...` : uid;
}

function fail(problems: readonly ViewStateProblem[]): ViewStateParse {
  return { ok: false, problems };
}

function findSeries(manifest: CaseManifest, seriesKey: string): ManifestSeries | undefined {
  return manifest.series.find((series) => series.key === seriesKey);
}

function copyCamera(camera: ViewCamera): ViewCamera {
  return { zoom: camera.zoom, panMm: [camera.panMm[0], camera.panMm[1]] };
}

/** The in-memory view of a checked document (every image is in its series). */
function fromViewDocument(doc: ViewDocument, manifest: CaseManifest): ViewState {
  return {
    caseId: doc.caseId,
    layout: doc.layout,
    activeViewport: doc.activeViewport,
    viewports: doc.viewports.map(({ image, voi, invert, camera, cine }) => ({
      seriesKey: image.seriesKey,
      imageIndex: Math.max(
        0,
        findSeries(manifest, image.seriesKey)?.instances.findIndex(
          (instance) => instance.SOPInstanceUID === image.SOPInstanceUID,
        ) ?? 0,
      ),
      ...(voi ? { voi: { ...voi } } : {}),
      invert,
      ...(camera ? { camera: copyCamera(camera) } : {}),
      cine: { ...cine },
    })),
    primaryTool: doc.primaryTool,
    visibleCategories: [...doc.visibleCategories],
    highlightedFinding: doc.highlightedFinding,
    reveal: doc.reveal,
  };
}

const voiValidator: Validator<Voi> = object({
  windowCenter: number(),
  windowWidth: number({ exclusiveMin: 0 }),
});

const cameraValidator: Validator<ViewCamera> = object({
  zoom: number(cameraZoomRange),
  panMm: tuple(number(), number()),
});

const cineValidator: Validator<CineState> = object({
  playing: boolean(),
  fps: number({ ...cineFpsRange, integer: true }),
});

const categoriesValidator: Validator<readonly string[]> = refine(array(string()), (ids, path, report) => {
  ids.forEach((id, index) => {
    const first = ids.indexOf(id);
    if (first !== index) {
      report(
        itemPath(path, index),
        id,
        `category ${describeValue(id)} is listed twice (also at ${itemPath(path, first)})`,
      );
    }
  });
});

/** The open case's id, named in the message when a view is for another case. */
function caseIdValidator(manifest: CaseManifest): Validator<string> {
  return refine(string(), (caseId, path, report) => {
    if (caseId !== manifest.caseId) {
      report(
        path,
        caseId,
        `this view is for case ${describeValue(caseId)}, but the open case is '${manifest.caseId}'`,
      );
    }
  });
}

/** A series key of the open case. */
function seriesKeyValidator(manifest: CaseManifest): Validator<string> {
  return refine(string(), (key, path, report) => {
    if (!findSeries(manifest, key)) {
      const known = manifest.series.map((series) => `'${series.key}'`).join(', ');
      report(
        path,
        key,
        `case '${manifest.caseId}' has no series ${describeValue(key)} (its series: ${known})`,
      );
    }
  });
}

/** The validator of version 2 (the current one), against the open case (series keys, images, case id). */
function viewDocumentValidator(manifest: CaseManifest): Validator<ViewDocument> {
  return object({
    ...sharedFields(manifest),
    schemaVersion: literal(viewStateVersions.withReveal),
    reveal: oneOf(revealStages),
  });
}

/** The validator of version 1, against the open case (series keys, images, case id). */
function viewDocumentV1Validator(manifest: CaseManifest): Validator<ViewDocumentV1> {
  return object({ ...sharedFields(manifest), schemaVersion: literal(viewStateVersions.bySopInstance) });
}

/** The fields versions 1 and 2 share, each with its validator against the open case. */
function sharedFields(manifest: CaseManifest) {
  const image: Validator<ImageReference> = refine(
    object({ seriesKey: seriesKeyValidator(manifest), SOPInstanceUID: string() }),
    (ref, path, report) => {
      const series = findSeries(manifest, ref.seriesKey);
      if (series?.instances.some((instance) => instance.SOPInstanceUID === ref.SOPInstanceUID)) return;
      const detail =
        `series '${ref.seriesKey}' has no image ${uidText(ref.SOPInstanceUID)} ` +
        '(the link may be for another version of this case)';
      report(childPath(path, 'SOPInstanceUID'), ref.SOPInstanceUID, detail);
    },
  );
  const viewport: Validator<ViewportDocument> = object({
    image,
    voi: optional(voiValidator),
    invert: boolean(),
    camera: optional(cameraValidator),
    cine: cineValidator,
  });
  return {
    caseId: caseIdValidator(manifest),
    layout: oneOf(layouts),
    activeViewport: number({ min: 0, integer: true }),
    primaryTool: oneOf(primaryTools),
    viewports: array(viewport),
    visibleCategories: categoriesValidator,
    highlightedFinding: nullable(string()),
  };
}

/** The validator of version 0, against the open case (series keys, case id; indices are checked apart). */
function viewDocumentV0Validator(manifest: CaseManifest): Validator<ViewDocumentV0> {
  const viewport: Validator<ViewportDocumentV0> = object({
    seriesKey: seriesKeyValidator(manifest),
    imageIndex: number({ min: 0, integer: true }),
    voi: optional(voiValidator),
    invert: boolean(),
    camera: optional(cameraValidator),
    cine: optional(cineValidator),
  });
  return object({
    caseId: caseIdValidator(manifest),
    layout: oneOf(layouts),
    activeViewport: number({ min: 0, integer: true }),
    primaryTool: optional(oneOf(primaryTools)),
    viewports: array(viewport),
    visibleCategories: categoriesValidator,
    highlightedFinding: nullable(string()),
  });
}

/** Problems across fields (and, in version 0, of image indices), found on the raw value. */
function crossFieldProblems(
  input: Readonly<Record<string, unknown>>,
  manifest: CaseManifest,
  indexed: boolean,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const report: Report = (path, value, detail) => problems.push({ path, value, detail });
  checkViewportCount(input, report);
  if (indexed) checkImageIndices(input, manifest, report);
  return problems;
}

/**
 * Rules across fields, on the raw value so they are reported beside any problem inside a viewport: as many
 * viewports as the layout shows, and an active viewport among them. Same field names in every version.
 */
function checkViewportCount(input: Readonly<Record<string, unknown>>, report: Report): void {
  const { layout, viewports, activeViewport } = input;
  if (!Array.isArray(viewports)) return;
  if ((layouts as readonly unknown[]).includes(layout)) {
    const expected = viewportCount(layout as Layout);
    if (viewports.length !== expected) {
      report(
        'viewports',
        viewports,
        `layout '${String(layout)}' shows ${expected} viewport${expected === 1 ? '' : 's'}, but the view lists ${viewports.length}`,
      );
    }
  }
  if (
    typeof activeViewport === 'number' &&
    Number.isInteger(activeViewport) &&
    activeViewport >= viewports.length
  ) {
    const range = viewports.length > 0 ? `0 to ${viewports.length - 1}` : 'none';
    report('activeViewport', activeViewport, `there is no viewport ${activeViewport} (viewports: ${range})`);
  }
}

/** Version 0: each index names an image of its series (checked where the series and index are sound). */
function checkImageIndices(
  input: Readonly<Record<string, unknown>>,
  manifest: CaseManifest,
  report: Report,
): void {
  if (!Array.isArray(input.viewports)) return;
  input.viewports.forEach((viewport: unknown, index) => {
    if (typeof viewport !== 'object' || viewport === null) return;
    const { seriesKey, imageIndex } = viewport as Record<string, unknown>;
    const series = typeof seriesKey === 'string' ? findSeries(manifest, seriesKey) : undefined;
    if (!series || typeof imageIndex !== 'number' || !Number.isInteger(imageIndex) || imageIndex < 0) return;
    const count = series.instances.length;
    if (imageIndex < count) return;
    const has = count === 0 ? 'no images' : `${count} image${count === 1 ? '' : 's'} (0 to ${count - 1})`;
    const detail = `series '${series.key}' has ${has}, so no image ${imageIndex}`;
    report(childPath(itemPath('viewports', index), 'imageIndex'), imageIndex, detail);
  });
}

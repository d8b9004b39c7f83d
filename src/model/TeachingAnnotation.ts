/**
 * Teaching annotations: the case's findings as plain readonly records (our model; Cornerstone only draws it).
 * Pure types and tiny helpers; depends on nothing but other src/model types.
 */
import { type ImagePoint, imagePoint, type WorldPoint, worldPoint } from './geometry.ts';

/**
 * A point in the pixel grid of one image: [column, row], continuous, in pixels. The centre of the first
 * transmitted pixel (top left) is [0, 0], the DICOM convention behind ImagePositionPatient. Geometry's type,
 * re-exported for the annotation code that already imports it from here.
 */
export type { ImagePoint } from './geometry.ts';

/** The schema version this code reads and writes; older files are migrated on load. */
export const CURRENT_ANNOTATION_SCHEMA_VERSION = 2;
/** Version 1: categories, annotations and text. */
export const ANNOTATION_SCHEMA_V1 = 1;
/** Version 2 adds the optional `keyImage`: the image (and window) the case opens on. */
export const ANNOTATION_SCHEMA_V2_KEY_IMAGE = 2;

/** Annotation kinds, in the order the format documents them. */
export const annotationKinds = ['point', 'arrow', 'line', 'polyline', 'ellipse', 'text'] as const;
export type AnnotationKind = (typeof annotationKinds)[number];

/**
 * Where an annotation lives.
 * - `patient`: points are DICOM patient coordinates (LPS, mm) in the series' FrameOfReferenceUID; used for
 *   cross-sectional series (CT, MR).
 * - `pixel`: points are [column, row] in the image's pixel grid; used for projection radiographs, which have no
 *   patient-space frame.
 */
export type AnnotationSpace = 'patient' | 'pixel';

/** The image an annotation was drawn on, in a patient-space (cross-sectional) series. */
export interface PatientImageRef {
  /** Key of the series in the case manifest, e.g. `ct-axial`. */
  readonly seriesKey: string;
  readonly SOPInstanceUID: string;
  readonly FrameOfReferenceUID: string;
}

/** The image an annotation was drawn on, in a projection series (no frame of reference). */
export interface PixelImageRef {
  readonly seriesKey: string;
  readonly SOPInstanceUID: string;
}

/** Fields every annotation has, whatever its kind. */
interface AnnotationCommon {
  /** Stable id, unique in the file; text links use it (`#finding:<id>`). */
  readonly id: string;
  /** Id of one of the file's categories. */
  readonly category: string;
  /** Short label drawn beside the finding and listed in the findings panel. */
  readonly label: string;
  /** Ids of the text sections that explain this finding (at least one). */
  readonly sections: readonly string[];
  /** Optional one-sentence note shown with the finding in the panel. */
  readonly note?: string;
}

/**
 * The geometry of each kind, generic over the point type. `points` always holds every handle:
 * - `point`: [at]
 * - `arrow`: [tail, tip] (the tip points at the finding)
 * - `line`: [from, to]
 * - `polyline`: two or more vertices; `closed` joins the last to the first (closed needs three or more)
 * - `ellipse`: [centre, end of first semi-axis, end of second semi-axis]; equal semi-axes make a circle
 * - `text`: [anchor], with the text to show in `text`
 */
type Shape<P> =
  | { readonly kind: 'point'; readonly points: readonly [P] }
  | { readonly kind: 'arrow'; readonly points: readonly [tail: P, tip: P] }
  | { readonly kind: 'line'; readonly points: readonly [from: P, to: P] }
  | { readonly kind: 'polyline'; readonly points: readonly P[]; readonly closed: boolean }
  | { readonly kind: 'ellipse'; readonly points: readonly [centre: P, axisEnd1: P, axisEnd2: P] }
  | { readonly kind: 'text'; readonly points: readonly [P]; readonly text: string };

/** An annotation in patient coordinates on one image of a cross-sectional series. */
export type PatientAnnotation = AnnotationCommon & {
  readonly space: 'patient';
  readonly image: PatientImageRef;
} & Shape<WorldPoint>;

/** An annotation in pixel coordinates on one projection image. */
export type PixelAnnotation = AnnotationCommon & {
  readonly space: 'pixel';
  readonly image: PixelImageRef;
} & Shape<ImagePoint>;

/** One teaching annotation; tell kinds apart by `kind` and coordinate spaces by `space`. */
export type TeachingAnnotation = PatientAnnotation | PixelAnnotation;

/** A category of findings: what the findings panel toggles. */
export interface AnnotationCategory {
  readonly id: string;
  readonly label: string;
  /** CSS colour `#rrggbb`. */
  readonly colour: string;
  readonly description: string;
}

/** A section of teaching text given inline in the annotations file. */
export interface InlineTextSection {
  readonly id: string;
  readonly title: string;
  /** Heading level 2 (section) or 3 (subsection). */
  readonly level: 2 | 3;
  readonly markdown: string;
}

/** Where the case text is: a Markdown file beside the JSON, or sections inline. */
export type AnnotationFileText =
  | { readonly markdownFile: string }
  | { readonly title: string; readonly sections: readonly InlineTextSection[] };

/** A window to show an image with: WindowCenter / WindowWidth in output units (HU on CT). */
export interface KeyImageWindow {
  readonly WindowCenter: number;
  readonly WindowWidth: number;
  /** What the window is for, e.g. `Calcification`. */
  readonly explanation?: string;
}

/**
 * The image a case opens on: the one that teaches the most at first sight. Named by SOPInstanceUID; the
 * InstanceNumber is a readable hint that must agree with it.
 */
export interface KeyImage {
  /** Key of the series in the case manifest. */
  readonly seriesKey: string;
  readonly SOPInstanceUID: string;
  readonly InstanceNumber?: number;
  /** The window it opens in; absent: the series' default window. */
  readonly window?: KeyImageWindow;
  /** Why this image, in one sentence. */
  readonly note?: string;
}

/** A whole annotations file (current schema version). */
export interface AnnotationFile {
  readonly schemaVersion: typeof CURRENT_ANNOTATION_SCHEMA_VERSION;
  readonly caseId: string;
  readonly text: AnnotationFileText;
  readonly categories: readonly AnnotationCategory[];
  readonly annotations: readonly TeachingAnnotation[];
  /** Where the case opens; absent: the middle image of the default series. */
  readonly keyImage?: KeyImage;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the key image from a parsed annotations file without the full validation: the page reads it as the
 * case opens, before the validator (in a worker) has run. Anything of the wrong shape gives null, and the
 * case opens as if there were no key image; the full validation reports what is wrong.
 * @param raw - the parsed JSON of an annotations file (any schema version)
 */
export function readKeyImage(raw: unknown): KeyImage | null {
  if (!isRecord(raw) || !isRecord(raw.keyImage)) return null;
  const { seriesKey, SOPInstanceUID, InstanceNumber, window, note } = raw.keyImage;
  if (typeof seriesKey !== 'string' || typeof SOPInstanceUID !== 'string') return null;
  if (
    InstanceNumber !== undefined &&
    (typeof InstanceNumber !== 'number' || !Number.isInteger(InstanceNumber))
  )
    return null;
  let readWindow: KeyImageWindow | undefined;
  if (window !== undefined) {
    if (!isRecord(window)) return null;
    const { WindowCenter, WindowWidth, explanation } = window;
    if (typeof WindowCenter !== 'number' || !Number.isFinite(WindowCenter)) return null;
    if (typeof WindowWidth !== 'number' || !Number.isFinite(WindowWidth) || WindowWidth <= 0) return null;
    if (explanation !== undefined && typeof explanation !== 'string') return null;
    readWindow = { WindowCenter, WindowWidth, ...(explanation !== undefined ? { explanation } : {}) };
  }
  return {
    seriesKey,
    SOPInstanceUID,
    ...(InstanceNumber !== undefined ? { InstanceNumber } : {}),
    ...(readWindow ? { window: readWindow } : {}),
    ...(typeof note === 'string' ? { note } : {}),
  };
}

/**
 * Centre of an annotation's handles in its own space: the mean of its points, except an ellipse, whose centre
 * is its first point.
 * @param annotation - any annotation
 */
export function annotationCentre(annotation: PatientAnnotation): WorldPoint;
export function annotationCentre(annotation: PixelAnnotation): ImagePoint;
export function annotationCentre(annotation: TeachingAnnotation): WorldPoint | ImagePoint;
export function annotationCentre(annotation: TeachingAnnotation): WorldPoint | ImagePoint {
  const points: readonly (WorldPoint | ImagePoint)[] = annotation.points;
  const first = points[0];
  if (!first) throw new Error(`annotation '${annotation.id}' has no points`);
  if (annotation.kind === 'ellipse') return first;
  const mean = (axis: number): number => points.reduce((sum, p) => sum + (p[axis] ?? 0), 0) / points.length;
  return annotation.space === 'patient'
    ? worldPoint(mean(0), mean(1), mean(2))
    : imagePoint(mean(0), mean(1));
}

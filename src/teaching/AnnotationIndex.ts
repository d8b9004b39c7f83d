/**
 * Which teaching annotations show on which image, slider ticks, and finding-link resolution: the queries the
 * viewer and panels call. Built once per (annotations file, manifest). Pure; no DOM, no Cornerstone.
 */
import type { AnnotationProblem } from '../model/AnnotationProblem.ts';
import { makeProblem } from '../model/AnnotationProblem.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import {
  halfSliceThicknessMm,
  type ImagePoint,
  imagePlane,
  imagePoint,
  type WorldPoint,
  worldToImage,
} from '../model/geometry.ts';
import {
  type AnnotationFile,
  annotationCentre,
  type TeachingAnnotation,
} from '../model/TeachingAnnotation.ts';
import { type Placement, placeAnnotation } from './placeAnnotation.ts';

/** An annotation as it appears on one image. */
export interface AnnotationOnImage {
  readonly annotation: TeachingAnnotation;
  /** Its points as [column, row] on this image (patient points projected onto the image plane). */
  readonly imagePoints: readonly ImagePoint[];
  /** True on the image it was drawn on; false on neighbours within half a slice thickness. */
  readonly isHome: boolean;
}

/** A mark on a series' slider: an image that carries annotations. */
export interface SliderTick {
  readonly imageIndex: number;
  /** Ids of the annotations drawn on this image (home image only, so each finding ticks once). */
  readonly annotationIds: readonly string[];
  /** Their categories, each once, in file order. */
  readonly categories: readonly string[];
}

/** Where a text link to a finding leads. */
export interface FindingTarget {
  readonly annotation: TeachingAnnotation;
  readonly categoryId: string;
  readonly seriesKey: string;
  readonly imageIndex: number;
  /** The finding's centre as [column, row] on that image: what to centre the view on. */
  readonly centreImage: ImagePoint;
  /** The same centre in patient mm (the series' frame); absent for projection images. */
  readonly centreWorld?: WorldPoint;
  /** Text sections that explain the finding. */
  readonly sections: readonly string[];
}

/** The queries' precomputed state: build it with {@link buildAnnotationIndex}. */
export interface AnnotationIndex {
  readonly file: AnnotationFile;
  /** Placed annotations by id. */
  readonly placements: ReadonlyMap<string, Placement>;
  /** `seriesKey` → image index → annotations shown there (home or within half a slice). */
  readonly byImage: ReadonlyMap<string, ReadonlyMap<number, readonly AnnotationOnImage[]>>;
  /** Annotations that could not be placed (unknown series or image, wrong frame), with why. */
  readonly problems: readonly AnnotationProblem[];
}

/**
 * Places every annotation and works out the images each shows on. A patient-space annotation shows on the
 * image it was drawn on and on every other image of the same series whose plane is within half a slice
 * thickness of all its points; a pixel-space annotation shows only on its own image.
 * @param file - a validated annotations file
 * @param manifest - the case manifest
 * @param fileName - how problems name the annotations file
 */
export function buildAnnotationIndex(
  file: AnnotationFile,
  manifest: CaseManifest,
  fileName = 'annotations',
): AnnotationIndex {
  const placements = new Map<string, Placement>();
  const byImage = new Map<string, Map<number, AnnotationOnImage[]>>();
  const problems: AnnotationProblem[] = [];
  const put = (seriesKey: string, imageIndex: number, entry: AnnotationOnImage) => {
    let images = byImage.get(seriesKey);
    if (!images) {
      images = new Map();
      byImage.set(seriesKey, images);
    }
    const list = images.get(imageIndex);
    if (list) list.push(entry);
    else images.set(imageIndex, [entry]);
  };
  file.annotations.forEach((annotation, index) => {
    const result = placeAnnotation(annotation, manifest);
    if (!result.ok) {
      for (const issue of result.issues) {
        problems.push(
          makeProblem(fileName, { type: 'annotation', id: annotation.id, index }, issue.field, issue.detail),
        );
      }
      return;
    }
    const { placement } = result;
    placements.set(annotation.id, placement);
    const { series } = placement;
    put(series.key, placement.imageIndex, { annotation, imagePoints: placement.imagePoints, isHome: true });
    if (annotation.space !== 'patient') return;
    const half = halfSliceThicknessMm(series) + 1e-6;
    for (let i = 0; i < series.instances.length; i++) {
      if (i === placement.imageIndex) continue;
      const plane = imagePlane(series, i);
      if (!plane) continue;
      const projected = annotation.points.map((p) => worldToImage(plane, p));
      if (projected.every((p) => Math.abs(p.distanceMm) <= half)) {
        put(series.key, i, { annotation, imagePoints: projected.map((p) => p.point), isHome: false });
      }
    }
  });
  return { file, placements, byImage, problems };
}

/**
 * The annotations to draw on one image, in file order, optionally only those of visible categories.
 * @param index - the built index
 * @param seriesKey - the series shown
 * @param imageIndex - 0-based image index in display order
 * @param visibleCategories - when given, only annotations of these categories
 */
export function annotationsForImage(
  index: AnnotationIndex,
  seriesKey: string,
  imageIndex: number,
  visibleCategories?: readonly string[],
): readonly AnnotationOnImage[] {
  const list = index.byImage.get(seriesKey)?.get(imageIndex) ?? [];
  if (!visibleCategories) return list;
  const visible = new Set(visibleCategories);
  return list.filter((entry) => visible.has(entry.annotation.category));
}

/**
 * Slider ticks for a series: one per image that an annotation was drawn on, sorted by image index.
 * @param index - the built index
 * @param seriesKey - the series
 * @param visibleCategories - when given, only ticks for annotations of these categories
 */
export function sliderTicks(
  index: AnnotationIndex,
  seriesKey: string,
  visibleCategories?: readonly string[],
): readonly SliderTick[] {
  const visible = visibleCategories ? new Set(visibleCategories) : undefined;
  const ticks = new Map<number, { annotationIds: string[]; categories: string[] }>();
  for (const annotation of index.file.annotations) {
    const placement = index.placements.get(annotation.id);
    if (!placement || placement.series.key !== seriesKey) continue;
    if (visible && !visible.has(annotation.category)) continue;
    let tick = ticks.get(placement.imageIndex);
    if (!tick) {
      tick = { annotationIds: [], categories: [] };
      ticks.set(placement.imageIndex, tick);
    }
    tick.annotationIds.push(annotation.id);
    if (!tick.categories.includes(annotation.category)) tick.categories.push(annotation.category);
  }
  return [...ticks.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([imageIndex, tick]) => ({ imageIndex, ...tick }));
}

/**
 * Where a link to a finding leads: series, image and the point to centre on.
 * @param index - the built index
 * @param findingId - an annotation id (the part after `#finding:`)
 * @returns the target, or `undefined` when no placed annotation has this id
 */
export function resolveFindingLink(index: AnnotationIndex, findingId: string): FindingTarget | undefined {
  const placement = index.placements.get(findingId);
  if (!placement) return undefined;
  const { annotation, series, imageIndex, plane } = placement;
  const common = {
    annotation,
    categoryId: annotation.category,
    seriesKey: series.key,
    imageIndex,
    sections: annotation.sections,
  };
  if (annotation.space === 'pixel') return { ...common, centreImage: annotationCentre(annotation) };
  const centreWorld = annotationCentre(annotation);
  const centreImage = plane ? worldToImage(plane, centreWorld).point : imagePoint(0, 0);
  return { ...common, centreWorld, centreImage };
}

/**
 * The findings that a text section explains, in file order: what to highlight when a section is selected.
 * @param file - the annotations file
 * @param sectionId - a text section id
 */
export function findingsForSection(file: AnnotationFile, sectionId: string): readonly TeachingAnnotation[] {
  return file.annotations.filter((a) => a.sections.includes(sectionId));
}

/**
 * How many annotations each category has, for the findings panel's counts.
 * @param file - the annotations file
 */
export function categoryCounts(file: AnnotationFile): ReadonlyMap<string, number> {
  const counts = new Map<string, number>(file.categories.map((c) => [c.id, 0]));
  for (const a of file.annotations) counts.set(a.category, (counts.get(a.category) ?? 0) + 1);
  return counts;
}

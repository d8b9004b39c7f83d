/**
 * Checks a tour step's or quiz question's view against its case: every viewport's image is in the manifest
 * (series key and SOPInstanceUID), the categories and the highlighted finding exist in the annotations file,
 * the highlighted finding is drawn (its category visible, on an image a viewport shows), and the view document
 * accepts the view. Authoring tooling for `npm run validate`; pure (the caller reads the files).
 */
import type { CaseManifest, ManifestSeries } from '../src/model/CaseManifest.ts';
import type { CaseTextSection } from '../src/model/CaseText.ts';
import { halfSliceThicknessMm, imagePlane, worldToImage } from '../src/model/geometry.ts';
import { applyStepView, type StepView } from '../src/model/StepView.ts';
import type { AnnotationFile, TeachingAnnotation } from '../src/model/TeachingAnnotation.ts';
import { initialViewState } from '../src/model/ViewState.ts';

/** What a tour or quiz is checked against. */
export interface CaseContext {
  readonly manifest: CaseManifest;
  readonly annotations: AnnotationFile;
  /** How messages name the annotations file, e.g. `annotations/x.json`. */
  readonly annotationsName: string;
  /** Section ids of the case text; absent when the text could not be read (section checks are skipped). */
  readonly sectionIds?: readonly string[];
  /** The case text's sections in order (reveal-stage and diagnosis-word checks); absent: those are skipped. */
  readonly textSections?: readonly CaseTextSection[];
  /** How messages name the case text, e.g. `annotations/x.md`. */
  readonly textName?: string;
}

/** One thing wrong, with the field inside the step or question. */
export interface CaseIssue {
  readonly field: string;
  readonly detail: string;
}

/**
 * A problem's detail as messages show it: led by its field (`view.highlightedFinding: ...`), unless it already
 * names it or belongs to the record as a whole.
 */
export function withField(field: string, detail: string): string {
  return field === '' || detail.startsWith(field) ? detail : `${field}: ${detail}`;
}

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** The series of the case with this key. */
export function seriesOf(manifest: CaseManifest, key: string): ManifestSeries | undefined {
  return manifest.series.find((s) => s.key === key);
}

/** The annotation of the case with this id. */
export function annotationOf(context: CaseContext, id: string): TeachingAnnotation | undefined {
  return context.annotations.annotations.find((a) => a.id === id);
}

/** `case 'x' has no series 'y' (its series: ...)`. */
export function unknownSeries(manifest: CaseManifest, key: string): string {
  return `case '${manifest.caseId}' has no series '${key}' (its series: ${quoted(manifest.series.map((s) => s.key))})`;
}

/** `'foo' is not an annotation of annotations/x.json`. */
export function unknownAnnotation(context: CaseContext, id: string): string {
  return `'${id}' is not an annotation of ${context.annotationsName}`;
}

/** `'foo' is not a section of annotations/x.md (its sections: ...)`, or undefined when it is one (or unknown). */
export function sectionProblem(context: CaseContext, id: string): string | undefined {
  if (!context.sectionIds || context.sectionIds.includes(id)) return undefined;
  return `'${id}' is not a section of ${context.textName ?? 'the case text'} (its sections: ${quoted(context.sectionIds)})`;
}

/**
 * Whether an annotation is drawn on image `imageIndex` of `series`: its own image, or (patient space) an image
 * of the same series within half a slice thickness of all its points, as the viewer draws it.
 */
export function isDrawnOn(
  annotation: TeachingAnnotation,
  series: ManifestSeries,
  imageIndex: number,
): boolean {
  const instance = series.instances[imageIndex];
  if (!instance || annotation.image.seriesKey !== series.key) return false;
  if (instance.SOPInstanceUID === annotation.image.SOPInstanceUID) return true;
  if (annotation.space !== 'patient') return false;
  const plane = imagePlane(series, imageIndex);
  if (!plane) return false;
  const half = halfSliceThicknessMm(series) + 1e-6;
  return annotation.points.every((p) => Math.abs(worldToImage(plane, p).distanceMm) <= half);
}

/** The image index of each viewport whose image is in the manifest (undefined where it is not). */
function viewportImages(
  view: StepView,
  manifest: CaseManifest,
): ({ series: ManifestSeries; index: number } | undefined)[] {
  return view.viewports.map((v) => {
    const series = seriesOf(manifest, v.image.seriesKey);
    const index = series?.instances.findIndex((i) => i.SOPInstanceUID === v.image.SOPInstanceUID) ?? -1;
    return series && index >= 0 ? { series, index } : undefined;
  });
}

/**
 * Everything wrong with a view against the case.
 * @param view - a schema-valid step view
 * @param context - the case
 * @param prefix - the view's field path in its record (`view`)
 */
export function checkStepViewAgainstCase(view: StepView, context: CaseContext, prefix = 'view'): CaseIssue[] {
  const { manifest, annotations } = context;
  const issues: CaseIssue[] = [];
  view.viewports.forEach((v, i) => {
    const field = `${prefix}.viewports[${i}].image`;
    const series = seriesOf(manifest, v.image.seriesKey);
    if (!series)
      issues.push({ field: `${field}.seriesKey`, detail: unknownSeries(manifest, v.image.seriesKey) });
    else if (!series.instances.some((instance) => instance.SOPInstanceUID === v.image.SOPInstanceUID)) {
      issues.push({
        field: `${field}.SOPInstanceUID`,
        detail: `series '${series.key}' has no image ${v.image.SOPInstanceUID} (regenerated images? npm run validate names the images the manifest has)`,
      });
    }
  });
  const categories = annotations.categories.map((c) => c.id);
  view.visibleCategories?.forEach((id, i) => {
    if (!categories.includes(id)) {
      issues.push({
        field: `${prefix}.visibleCategories[${i}]`,
        detail: `'${id}' is not a category of ${context.annotationsName} (its categories: ${quoted(categories)})`,
      });
    }
  });
  const shown = viewportImages(view, manifest);
  const highlighted = view.highlightedFinding;
  if (highlighted) {
    const field = `${prefix}.highlightedFinding`;
    const annotation = annotationOf(context, highlighted);
    if (!annotation) issues.push({ field, detail: unknownAnnotation(context, highlighted) });
    else {
      if (view.visibleCategories && !view.visibleCategories.includes(annotation.category)) {
        issues.push({
          field,
          detail: `'${highlighted}' is highlighted, but its category '${annotation.category}' is not in ${prefix}.visibleCategories, so it is not drawn`,
        });
      }
      if (
        shown.every((s) => s !== undefined) &&
        !shown.some((s) => s && isDrawnOn(annotation, s.series, s.index))
      ) {
        const series = seriesOf(manifest, annotation.image.seriesKey);
        const index =
          series?.instances.findIndex((i) => i.SOPInstanceUID === annotation.image.SOPInstanceUID) ?? -1;
        issues.push({
          field,
          detail: `'${highlighted}' is drawn on image ${index + 1} of '${annotation.image.seriesKey}', which no viewport of this view shows`,
        });
      }
    }
  }
  // The view document has the last word (zoom limits, windows, what the viewer will accept).
  const first = manifest.series[0];
  if (issues.length === 0 && first) {
    const applied = applyStepView(view, initialViewState(manifest.caseId, first.key), manifest);
    if (!applied.ok) {
      for (const p of applied.problems)
        issues.push({ field: p.field ? `${prefix}.${p.field}` : prefix, detail: p.detail });
    }
  }
  return issues;
}

/**
 * How a quiz changes the view, as pure functions of the view state: a question opens on its view with the
 * overlays that would give the answer away hidden and the tool it needs; an answer reveals the question's
 * findings; the review shows a click on its image, centred. The panel applies them through the store with
 * source 'tour'. Pure; depends on src/model and the annotation index only.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import { imagePlane, worldToImage } from '../model/geometry.ts';
import type { QuizQuestion } from '../model/QuizFile.ts';
import { isRevealed } from '../model/RevealStage.ts';
import { applyStepView } from '../model/StepView.ts';
import { type PrimaryTool, patchViewport, showSeries, type ViewState } from '../model/ViewState.ts';
import type { AnnotationIndex } from './AnnotationIndex.ts';
import { focusZoom, panToCentre } from './focusFinding.ts';
import type { ImageClick } from './hitTest.ts';

/** Tools whose left-button click draws nothing: a click with them answers a locate question. */
export const clickTools: ReadonlySet<PrimaryTool> = new Set<PrimaryTool>(['WindowLevel', 'Pan', 'Zoom']);

/** The findings an answer reveals: the question's `findings`, else a locate question's targets. */
export function revealedFindings(q: QuizQuestion): readonly string[] {
  return q.findings ?? (q.kind === 'locate' ? q.targets : []);
}

const categoriesOf = (ids: readonly string[], index: AnnotationIndex): string[] =>
  ids.flatMap((id) => index.placements.get(id)?.annotation.category ?? []);

/**
 * The view a question opens on: its own view (when it names one and it fits the case), without the overlay
 * categories of its targets and findings, nothing highlighted, and the tool it needs (the Ellipse ROI for a
 * measure question; a click tool for a locate question).
 * @param state - the view on screen
 * @param q - the question
 * @param manifest - the open case
 * @param index - the case's annotations
 */
export function questionOpenView(
  state: ViewState,
  q: QuizQuestion,
  manifest: CaseManifest,
  index: AnnotationIndex,
): ViewState {
  let next = state;
  if (q.view) {
    const applied = applyStepView(q.view, state, manifest);
    if (applied.ok) next = applied.view;
  }
  const hide = new Set(
    categoriesOf([...(q.kind === 'locate' ? q.targets : []), ...(q.findings ?? [])], index),
  );
  const primaryTool: PrimaryTool =
    q.kind === 'measure'
      ? 'EllipticalROI'
      : q.kind === 'locate' && !clickTools.has(next.primaryTool)
        ? 'WindowLevel'
        : next.primaryTool;
  return {
    ...next,
    primaryTool,
    visibleCategories: next.visibleCategories.filter((c) => !hide.has(c)),
    highlightedFinding: null,
  };
}

/**
 * The view once a question is answered: its findings' categories shown and the first of them highlighted.
 * In an unknown case still at its history, an answer that reveals findings moves it on to the findings stage
 * (never back): the feedback shows the finding, so the overlays must be drawn.
 * @param state - the view on screen
 * @param q - the question answered
 * @param index - the case's annotations
 */
export function answerRevealView(state: ViewState, q: QuizQuestion, index: AnnotationIndex): ViewState {
  const findings = revealedFindings(q);
  const reveal = findings.length > 0 && !isRevealed(state.reveal, 'findings') ? 'findings' : state.reveal;
  return {
    ...state,
    reveal,
    visibleCategories: [...new Set([...state.visibleCategories, ...categoriesOf(findings, index)])],
    highlightedFinding: findings.find((id) => index.placements.has(id)) ?? state.highlightedFinding,
  };
}

/**
 * The view that shows a learner's click in review: its series (a series not on screen opens in the active
 * viewport with its own defaults) at its image, centred on the click at the finding zoom (or closer, as the
 * learner had it), the finding highlighted. Unchanged when the click names an image the case does not have.
 * @param state - the view on screen
 * @param click - the stored click
 * @param manifest - the open case
 * @param highlight - the finding to highlight (the target nearest the click)
 */
export function clickReviewView(
  state: ViewState,
  click: ImageClick,
  manifest: CaseManifest,
  highlight: string | null,
): ViewState {
  const series = manifest.series.find((s) => s.key === click.seriesKey);
  const imageIndex = series?.instances.findIndex((i) => i.SOPInstanceUID === click.SOPInstanceUID) ?? -1;
  if (!series || imageIndex < 0) return state;
  const plane = imagePlane(series, imageIndex);
  const point = click.image ?? (plane && click.world ? worldToImage(plane, click.world).point : null);
  const at = state.viewports.findIndex((v) => v.seriesKey === series.key);
  const vp = at >= 0 ? at : state.activeViewport;
  const shown = showSeries(state, vp, series.key, imageIndex);
  // The learner's zoom stays on the series on screen when it is closer than the finding zoom.
  const zoom = Math.max(focusZoom, shown.viewports[vp]?.camera?.zoom ?? 0);
  const moved = patchViewport(shown, vp, {
    imageIndex,
    ...(point ? { camera: { zoom, panMm: panToCentre(series, point) } } : {}),
  });
  return { ...moved, activeViewport: vp, highlightedFinding: highlight };
}

/**
 * The categories to show in review: those of every locate question's targets, added to what is shown.
 * @param state - the view on screen
 * @param questions - the quiz's questions
 * @param index - the case's annotations
 */
export function reviewOverlaysView(
  state: ViewState,
  questions: readonly QuizQuestion[],
  index: AnnotationIndex,
): ViewState {
  const targets = questions.flatMap((q) => (q.kind === 'locate' ? q.targets : []));
  return {
    ...state,
    visibleCategories: [...new Set([...state.visibleCategories, ...categoriesOf(targets, index)])],
  };
}

/**
 * The hit tests a quiz session grades with, bound to a case: locate clicks against the question's targets,
 * a measure ROI's centre against its `within` annotation. Pure; depends on the hit test and the annotation
 * index only.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { AnnotationIndex } from './AnnotationIndex.ts';
import { hitTest } from './hitTest.ts';
import type { QuizGrader } from './QuizSession.ts';

/**
 * A grader for the case's quizzes. A locate click counts within the question's `toleranceMm` in the plane
 * and `throughPlaneMm` (absent: 0, the finding's own image) across; an ROI's centre lies `within` an
 * annotation within `withinToleranceMm` both ways (absent: 0).
 * @param index - the case's placed annotations
 * @param manifest - the open case
 */
export function createQuizGrader(index: AnnotationIndex, manifest: CaseManifest): QuizGrader {
  const placed = (ids: readonly string[]) => ids.flatMap((id) => index.placements.get(id) ?? []);
  return {
    locate: (q, click) =>
      hitTest(
        click,
        placed(q.targets),
        { toleranceMm: q.toleranceMm, throughPlaneMm: q.throughPlaneMm ?? 0 },
        manifest,
      ),
    within: (q, centre) => {
      const tolerance = q.withinToleranceMm ?? 0;
      return hitTest(
        centre,
        placed(q.within ? [q.within] : []),
        { toleranceMm: tolerance, throughPlaneMm: tolerance },
        manifest,
      );
    },
  };
}

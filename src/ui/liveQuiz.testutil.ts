/**
 * Test helpers of the live quiz's panels (not shipped): a choose question about the diagnosis and a quiz
 * context over the synthetic case with no annotations, a grader that finds nothing and the given viewer.
 */
import { createStore } from '../lib/Store.ts';
import type { ChooseQuestion, QuizFile } from '../model/QuizFile.ts';
import { initialViewState } from '../model/ViewState.ts';
import type { AnnotationIndex } from '../teaching/AnnotationIndex.ts';
import { syntheticManifest } from '../teaching/syntheticCase.testutil.ts';
import type { LiveQuizContext } from './liveHooks.ts';
import { ShortcutRegistry } from './ShortcutRegistry.ts';

/** "Which diagnosis?" with tumoral calcinosis right and chondrosarcoma wrong. */
export const diagnosisQuestion = (prompt = 'Which diagnosis?'): ChooseQuestion => ({
  id: 'dx',
  kind: 'choose',
  prompt,
  explanation: 'Tumoral calcinosis.',
  multiple: false,
  options: [
    { id: 'tc', text: 'Tumoral calcinosis', correct: true, feedback: 'Yes.' },
    { id: 'cs', text: 'Chondrosarcoma', correct: false, feedback: 'No.' },
  ],
});

/** A quiz file of the synthetic case with these questions. */
export const demoQuiz = (questions: QuizFile['questions']): QuizFile => ({
  schemaVersion: 1,
  caseId: 'demo-case',
  title: 'Demo quiz',
  questions,
});

/** A quiz context for the panels: no annotations, a grader that finds nothing. */
export function liveQuizContext(
  file: QuizFile,
  viewer: unknown = { getMeasurements: () => [] },
): LiveQuizContext {
  return {
    file,
    manifest: syntheticManifest,
    index: { placements: new Map(), problems: [] } as unknown as AnnotationIndex,
    store: createStore(initialViewState('demo-case', 'ct-axial')),
    viewer: viewer as never,
    shortcuts: new ShortcutRegistry(),
    area: document.body,
    viewContext: {
      labelOf: (id) => id,
      sectionTitle: () => null,
      seriesLabel: (key) => key,
      unitOf: () => 'HU',
      knownFindings: new Set(),
    },
    grader: {
      locate: () => ({ hit: false, nearest: null, distances: [] }),
      within: () => ({ hit: false, nearest: null, distances: [] }),
    },
    showSection: () => undefined,
  };
}

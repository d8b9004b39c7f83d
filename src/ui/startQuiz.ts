/**
 * Builds the quiz part of the teaching layer: loads the case's quiz (`?quiz=<url>` overrides
 * `annotations/<caseId>.quiz.json`) and the quiz panel at the top of the side panels, its Quiz button and key
 * Q. A case without a quiz gets no quiz control; a bad quiz file is listed in the problem list, and everything
 * else keeps working. Called lazily by main.ts.
 */
import { loadQuiz } from '../data/loadQuiz.ts';
import { h } from './h.ts';
import { liveQuizSlot } from './liveHooks.ts';
import type { ProblemList } from './ProblemList.ts';
import { QuizPanel, type QuizPanelOptions } from './QuizPanel.ts';

/** What the quiz is wired to. */
export interface QuizWiring
  extends Pick<QuizPanelOptions, 'store' | 'viewer' | 'manifest' | 'index' | 'shortcuts'> {
  readonly params: URLSearchParams;
  readonly problems: ProblemList;
  /** The findings panel's slot: the quiz panel goes before it. */
  readonly findingsSlot: HTMLElement;
  /** The column of the images (the locate cross-hair and review marks are drawn over them). */
  readonly centerColumn: HTMLElement;
  /** Teaching controls beside the title: the Quiz button joins them. */
  readonly caseActions: HTMLElement;
}

/**
 * Loads the quiz and builds its panel, button and key.
 * @param wiring - what the quiz is wired to
 */
export async function startQuiz(wiring: QuizWiring): Promise<void> {
  const { params, manifest, problems } = wiring;
  const url = params.get('quiz') ?? `annotations/${manifest.caseId}.quiz.json`;
  const loaded = await loadQuiz(url, manifest.caseId);
  if (loaded.kind === 'invalid') {
    for (const problem of loaded.problems)
      problems.addMessage(problem.message, 'The quiz could not be loaded');
    return;
  }
  if (loaded.kind !== 'loaded') return;
  for (const problem of loaded.warnings) problems.addMessage(problem.message, 'The quiz has problems');
  const slot = h('div', { class: 'teaching-slot quiz-slot' });
  wiring.findingsSlot.before(slot);
  const panel = new QuizPanel({
    container: slot,
    toolbar: wiring.caseActions,
    area: wiring.centerColumn,
    store: wiring.store,
    viewer: wiring.viewer,
    manifest,
    index: wiring.index,
    file: loaded.file,
    quizUrl: url,
    shortcuts: wiring.shortcuts,
    storage: localStorage,
  });
  // The live class asks the class this quiz's questions (and grades a student's live answer).
  liveQuizSlot.set({
    file: loaded.file,
    manifest,
    index: wiring.index,
    store: wiring.store,
    viewer: wiring.viewer,
    shortcuts: wiring.shortcuts,
    area: wiring.centerColumn,
    viewContext: panel.context,
    grader: panel.grader,
    showSection: (id) => panel.showSection(id),
  });
}

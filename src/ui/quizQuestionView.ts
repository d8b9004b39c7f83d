/**
 * The body of the quiz panel for one question: the sanitised prompt, what answering takes (a hint and the
 * cross-hair button for locate, the options and Submit for choose, the hint and Check for measure), then,
 * once answered, the feedback and Next. Plain DOM; the panel passes in what each control does.
 */
import type { QuizQuestion } from '../model/QuizFile.ts';
import type { QuizAnswer } from '../teaching/QuizSession.ts';
import { h } from './h.ts';
import { chooseControls, feedbackView, markdownBlock, type QuizViewContext } from './quizViews.ts';

/** What the question's controls do. */
export interface QuestionHandlers {
  /** Answer a locate question at the keyboard cross-hair. */
  readonly answerAtCrosshair: () => void;
  /** Answer a choose question with the options ticked. */
  readonly submitChoice: (optionIds: readonly string[]) => void;
  /** Answer a measure question with the latest ROI; `message` says why not, when it cannot. */
  readonly check: (message: HTMLElement) => void;
  readonly showSection: (sectionId: string) => void;
  readonly next: () => void;
}

/** How to answer a locate question, said in the panel (the keys are locate mode's). */
export const locateHint =
  'Scroll to the right image and click the place (with the W/L tool: a click, not a drag). Or with the keys: ' +
  '←↑→↓ move a cross-hair by 1 mm (Shift: 5 mm), Enter answers; Page Up/Down or the wheel change the image.';

/**
 * The question's body.
 * @param q - the question
 * @param answer - the learner's answer, or null while unanswered
 * @param last - whether it is the last question (Next then leads to the score)
 * @param context - names
 * @param handlers - what the controls do
 */
export function questionView(
  q: QuizQuestion,
  answer: QuizAnswer | null,
  last: boolean,
  context: QuizViewContext,
  handlers: QuestionHandlers,
): HTMLElement[] {
  const parts: HTMLElement[] = [markdownBlock(q.prompt, 'quiz-prompt', context)];
  const button = (text: string, testid: string, onclick: () => void, cls = 'tool-button') =>
    h('button', { type: 'button', class: cls, text, onclick, dataset: { testid } });
  if (q.kind === 'locate') {
    parts.push(h('p', { class: 'quiz-hint', text: locateHint }));
    if (!answer) {
      parts.push(
        button(
          'Answer at the cross-hair',
          'quiz-answer-crosshair',
          handlers.answerAtCrosshair,
          'tool-button small',
        ),
      );
    }
  } else if (q.kind === 'choose') {
    const controls = chooseControls(q, answer?.kind === 'choose' ? answer.chosen : null);
    parts.push(controls);
    if (!answer) {
      parts.push(
        button('Submit', 'quiz-submit', () => {
          const ids = Array.from(
            controls.querySelectorAll<HTMLInputElement>('input:checked'),
            (i) => i.value,
          );
          if (ids.length > 0) handlers.submitChoice(ids);
        }),
      );
    }
  } else {
    parts.push(
      h('p', {
        class: 'quiz-hint',
        text: `Draw an elliptical ROI on ${context.seriesLabel(q.seriesKey)} (Ellipse ROI tool, E), then press Check. Your latest ROI on that series counts.`,
      }),
    );
    if (!answer) {
      const message = h('p', {
        class: 'quiz-message',
        role: 'status',
        dataset: { testid: 'quiz-measure-message' },
      });
      parts.push(
        button('Check', 'quiz-check', () => handlers.check(message)),
        message,
      );
    }
  }
  if (answer) {
    parts.push(
      feedbackView(q, answer, context, handlers.showSection),
      button(last ? 'See the score' : 'Next question', 'quiz-next', handlers.next, 'tool-button quiz-next'),
    );
  }
  return parts;
}

/**
 * The quiz panel's pieces as DOM: a question's answer controls, the feedback after an answer, the score and
 * the review. Text from the quiz file goes through the Markdown sanitiser (prompts, explanations, feedback)
 * or textContent (option texts, labels); nothing in a file can run script. Plain DOM; no viewer, no store.
 */
import type { ChooseQuestion, MeasureQuestion, QuizQuestion } from '../model/QuizFile.ts';
import type { HitResult } from '../teaching/hitTest.ts';
import type { QuizAnswer, QuizScore } from '../teaching/QuizSession.ts';
import { h } from './h.ts';
import { renderMarkdown } from './renderCaseText.ts';

/** What the views need to name things. */
export interface QuizViewContext {
  /** Label of an annotation (the findings' names), or its id. */
  readonly labelOf: (annotationId: string) => string;
  /** Title of a case-text section, or null when the text does not show it. */
  readonly sectionTitle: (sectionId: string) => string | null;
  /** Description of a series (for measure prompts). */
  readonly seriesLabel: (seriesKey: string) => string;
  /** Unit of a series' values: `HU` on CT, '' otherwise. */
  readonly unitOf: (seriesKey: string) => string;
  /** Annotation ids that exist (finding links to others are shown as broken). */
  readonly knownFindings: ReadonlySet<string>;
}

/**
 * A block of sanitised Markdown from the quiz file.
 * @param md - untrusted Markdown
 * @param cls - class of the block
 * @param context - known findings
 */
export function markdownBlock(md: string, cls: string, context: QuizViewContext): HTMLElement {
  const block = h('div', { class: `quiz-md ${cls}` });
  block.innerHTML = renderMarkdown(md, { knownFindings: context.knownFindings });
  return block;
}

/** The prompt as plain text (for the score and review lists). */
export function promptText(q: QuizQuestion, context: QuizViewContext): string {
  return markdownBlock(q.prompt, 'x', context).textContent?.trim() ?? q.id;
}

/** The radio buttons (single answer) or checkboxes (multiple) of a choose question. */
export function chooseControls(q: ChooseQuestion, chosen: readonly string[] | null): HTMLFieldSetElement {
  const type = q.multiple ? 'checkbox' : 'radio';
  return h(
    'fieldset',
    { class: 'quiz-options', dataset: { testid: 'quiz-options' } },
    h('legend', { text: q.multiple ? 'Choose every right answer' : 'Choose one answer' }),
    ...q.options.map((o) =>
      h(
        'label',
        { class: 'quiz-option' },
        h('input', {
          type,
          name: `quiz-${q.id}`,
          value: o.id,
          checked: chosen?.includes(o.id) ?? false,
          disabled: chosen !== null,
          dataset: { testid: `quiz-option-${o.id}` },
        }),
        h('span', { text: o.text }),
      ),
    ),
  );
}

/** One line saying how far a locate click was from the finding. */
export function locateVerdict(hit: HitResult, context: QuizViewContext): string {
  const nearest = hit.nearest;
  if (hit.hit && nearest) return `Right: on ${context.labelOf(nearest.annotationId)}.`;
  if (!nearest) {
    return 'Not quite: the finding is not on the series you clicked (another series or frame of reference).';
  }
  const label = context.labelOf(nearest.annotationId);
  const inPlane = `${Math.round(nearest.inPlaneMm)} mm from ${label}`;
  return hit.reason === 'other-slice'
    ? `Not quite: the right place in the image, but on a slice ${nearest.throughPlaneMm.toFixed(1)} mm from the finding's.`
    : `Not quite: ${inPlane}${nearest.throughPlaneMm > 0.05 ? ` (on a slice ${nearest.throughPlaneMm.toFixed(1)} mm from it)` : ''}.`;
}

/** One line on a measure answer. */
function measureVerdict(
  q: MeasureQuestion,
  answer: Extract<QuizAnswer, { kind: 'measure' }>,
  context: QuizViewContext,
): string {
  const unit = context.unitOf(q.seriesKey);
  const u = unit ? ` ${unit}` : '';
  const mean = `Mean ${answer.roi.mean.toFixed(1)}${u}`;
  const range = `${q.range.min} to ${q.range.max}${u}`;
  if (!answer.onSeries) return `Not quite: the ROI is not on ${context.seriesLabel(q.seriesKey)}.`;
  const parts = [answer.inRange ? `${mean}: within ${range}.` : `${mean}: outside ${range}.`];
  if (answer.within === false && q.within) parts.push(`Its centre is not on ${context.labelOf(q.within)}.`);
  return `${answer.correct ? 'Right' : 'Not quite'}: ${parts.join(' ')}`;
}

/**
 * The feedback after an answer: right or wrong and why, per-option feedback for the options chosen, the
 * explanation, and links to the case text.
 * @param q - the question
 * @param answer - the learner's answer
 * @param context - names
 * @param onSection - called when a section link is used
 */
export function feedbackView(
  q: QuizQuestion,
  answer: QuizAnswer,
  context: QuizViewContext,
  onSection: (sectionId: string) => void,
): HTMLElement {
  const verdict =
    answer.kind === 'locate'
      ? locateVerdict(answer.hit, context)
      : answer.kind === 'measure' && q.kind === 'measure'
        ? measureVerdict(q, answer, context)
        : answer.correct
          ? 'Right.'
          : 'Not quite.';
  const parts: (HTMLElement | null)[] = [
    h('p', { class: 'quiz-verdict', tabindex: '-1', dataset: { testid: 'quiz-verdict' }, text: verdict }),
  ];
  if (q.kind === 'choose' && answer.kind === 'choose') {
    parts.push(
      h(
        'ul',
        { class: 'quiz-option-feedback', dataset: { testid: 'quiz-option-feedback' } },
        ...q.options
          .filter((o) => answer.chosen.includes(o.id))
          .map((o) =>
            h(
              'li',
              { class: o.correct ? 'right' : 'wrong', dataset: { optionId: o.id } },
              h('strong', { text: `${o.correct ? '✓' : '✗'} ${o.text}` }),
              markdownBlock(o.feedback, 'quiz-option-why', context),
            ),
          ),
      ),
    );
    if (!answer.correct) {
      const right = q.options.filter((o) => o.correct).map((o) => o.text);
      parts.push(h('p', { class: 'quiz-right-answer', text: `The answer: ${right.join('; ')}.` }));
    }
  }
  parts.push(markdownBlock(q.explanation, 'quiz-explanation', context));
  const sections = (q.sections ?? []).filter((id) => context.sectionTitle(id) !== null);
  if (sections.length > 0) {
    parts.push(
      h(
        'p',
        { class: 'quiz-sections' },
        'Read: ',
        ...sections.map((id) =>
          h('button', {
            type: 'button',
            class: 'link-button',
            text: context.sectionTitle(id) ?? id,
            onclick: () => onSection(id),
            dataset: { testid: `quiz-section-${id}` },
          }),
        ),
      ),
    );
  }
  return h(
    'div',
    {
      class: `quiz-feedback ${answer.correct ? 'right' : 'wrong'}`,
      dataset: { testid: 'quiz-feedback', correct: String(answer.correct) },
    },
    ...parts,
  );
}

/**
 * The score at the end: right out of all, per question.
 * @param score - the session's score
 * @param context - names
 */
export function scoreView(score: QuizScore, context: QuizViewContext): HTMLElement {
  return h(
    'div',
    { class: 'quiz-score' },
    h('p', {
      class: 'quiz-score-total',
      tabindex: '-1',
      dataset: { testid: 'quiz-score', correct: String(score.correct), total: String(score.total) },
      text: `Score: ${score.correct} / ${score.total}`,
    }),
    h(
      'ol',
      { class: 'quiz-score-list', dataset: { testid: 'quiz-score-list' } },
      ...score.perQuestion.map((p) =>
        h(
          'li',
          {
            class: p.correct ? 'right' : 'wrong',
            dataset: { questionId: p.question.id, correct: String(p.correct) },
          },
          h('span', { class: 'quiz-mark', text: p.answer ? (p.correct ? '✓ ' : '✗ ') : '– ' }),
          h('span', { text: promptText(p.question, context) }),
        ),
      ),
    ),
  );
}

/**
 * The review: each question with the learner's answer beside the right one; a locate answer offers to show
 * the click on its image.
 * @param score - the session's score
 * @param context - names
 * @param onShowClick - shows a locate question's click (a measure question's ROI) on its image
 */
export function reviewView(
  score: QuizScore,
  context: QuizViewContext,
  onShowClick: (questionId: string) => void,
): HTMLElement {
  const items = score.perQuestion.map((p, i) => {
    const q = p.question;
    const a = p.answer;
    const lines: (HTMLElement | null)[] = [
      h('p', { class: 'quiz-review-prompt' }, h('strong', { text: `${i + 1}. ` }), promptText(q, context)),
    ];
    if (!a) lines.push(h('p', { text: 'Not answered.' }));
    else if (a.kind === 'locate') {
      lines.push(h('p', { text: locateVerdict(a.hit, context) }));
      lines.push(
        h('button', {
          type: 'button',
          class: 'tool-button small',
          text: 'Show my click on the image',
          onclick: () => onShowClick(q.id),
          dataset: { testid: `quiz-review-show-${q.id}` },
        }),
      );
    } else if (a.kind === 'choose' && q.kind === 'choose') {
      const text = (ids: readonly string[]) =>
        q.options
          .filter((o) => ids.includes(o.id))
          .map((o) => o.text)
          .join('; ') || 'nothing';
      lines.push(h('p', { text: `You chose: ${text(a.chosen)}.` }));
      lines.push(h('p', { text: `Right: ${text(q.options.filter((o) => o.correct).map((o) => o.id))}.` }));
    } else if (a.kind === 'measure' && q.kind === 'measure') {
      lines.push(h('p', { text: measureVerdict(q, a, context) }));
      if (a.roi.centre || q.answerRoi) {
        lines.push(
          h('button', {
            type: 'button',
            class: 'tool-button small',
            text: q.answerRoi ? 'Show my ROI and the right region' : 'Show my ROI on the image',
            onclick: () => onShowClick(q.id),
            dataset: { testid: `quiz-review-show-${q.id}` },
          }),
        );
      }
    }
    return h(
      'li',
      {
        class: p.correct ? 'right' : 'wrong',
        dataset: { testid: `quiz-review-${q.id}`, correct: String(p.correct) },
      },
      ...lines,
    );
  });
  return h('ol', { class: 'quiz-review', dataset: { testid: 'quiz-review' } }, ...items);
}

/**
 * The open panel around a question, the score or the review: title and Close, the learner's name and Start
 * over, the status line ("Question 2 / 11") and the body.
 * @param title - the quiz's title, as text
 * @param learnerInput - the learner's name field
 * @param status - the status line (focused on each new question)
 * @param body - where the question, score or review goes (a live region)
 * @param actions - what Close and Start over do
 */
export function quizFrame(
  title: string,
  learnerInput: HTMLInputElement,
  status: HTMLElement,
  body: HTMLElement,
  actions: { readonly close: () => void; readonly startOver: () => void },
): HTMLElement {
  const small = (text: string, testid: string, onclick: () => void) =>
    h('button', { type: 'button', class: 'tool-button small', text, onclick, dataset: { testid } });
  return h(
    'section',
    { class: 'quiz-panel', 'aria-labelledby': 'quiz-title', dataset: { testid: 'quiz-panel' } },
    h(
      'div',
      { class: 'quiz-head' },
      h('h2', { class: 'quiz-title', id: 'quiz-title', text: title }),
      small('Close', 'quiz-close', actions.close),
    ),
    h(
      'div',
      { class: 'quiz-learner' },
      h('label', {}, 'Learner ', learnerInput),
      small('Start over', 'quiz-start-over', actions.startOver),
    ),
    status,
    body,
  );
}

/**
 * The closed quiz in the side panels: its title, how far the learner got, and the button that opens it.
 * @param title - the quiz's title, as text
 * @param state - e.g. `3 of 11 answered`
 * @param action - the button's text
 * @param open - opens the quiz
 */
export function closedView(title: string, state: string, action: string, open: () => void): HTMLElement {
  return h(
    'div',
    { class: 'quiz-closed' },
    h('strong', { text: title }),
    h('span', { class: 'quiz-closed-state', text: ` — ${state} ` }),
    h('button', {
      type: 'button',
      class: 'tool-button small',
      text: action,
      onclick: open,
      dataset: { testid: 'quiz-open' },
    }),
  );
}

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { ChooseQuestion } from '../model/QuizFile.ts';
import { gradeChoose } from '../teaching/QuizSession.ts';
import { questionView } from './quizQuestionView.ts';
import { feedbackView, locateVerdict, type QuizViewContext, scoreView } from './quizViews.ts';

const context: QuizViewContext = {
  labelOf: (id) => (id === 'level-1' ? 'Fluid–calcium level' : id),
  sectionTitle: (id) => (id === 'findings-ct' ? 'CT' : null),
  seriesLabel: () => 'CT pelvis',
  unitOf: () => 'HU',
  knownFindings: new Set(['level-1']),
};

const pwned = () => (window as unknown as { __quizPwned?: number }).__quizPwned;

/** A question whose every text from the file carries an attack. */
const hostile: ChooseQuestion = {
  id: 'q',
  kind: 'choose',
  multiple: false,
  prompt: 'Pick <img src=x onerror="window.__quizPwned=1"> one <script>window.__quizPwned=2</script>',
  explanation: '[x](javascript:window.__quizPwned=3) <iframe src="javascript:1"></iframe> **bold**',
  sections: ['findings-ct', 'not-shown'],
  options: [
    { id: 'a', text: '<img src=x onerror="window.__quizPwned=4">A', correct: true, feedback: 'Yes' },
    {
      id: 'b',
      text: 'B',
      correct: false,
      feedback: '<svg onload="window.__quizPwned=5"></svg><img src=x onerror="window.__quizPwned=6">No',
    },
  ],
};

const noop = { answerAtCrosshair() {}, submitChoice() {}, check() {}, showSection() {}, next() {} };

describe('quiz views', () => {
  it('renders prompts, explanations and feedback through the sanitiser and option texts as text', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    root.append(...questionView(hostile, null, false, context, noop));
    root.append(feedbackView(hostile, gradeChoose(hostile, ['b']), context, () => {}));
    // Give an onerror a chance to fire (jsdom loads no images, but the attributes must be gone anyway).
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pwned()).toBeUndefined();
    expect(root.querySelectorAll('img, script, iframe, svg')).toHaveLength(0);
    expect(root.querySelectorAll('[onerror], [onload]')).toHaveLength(0);
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).not.toContain(
      'javascript:window.__quizPwned=3',
    );
    expect(root.querySelector('.quiz-explanation strong')?.textContent).toBe('bold');
    // The option's text is shown as written, markup and all.
    expect(root.querySelector('.quiz-option span')?.textContent).toBe(
      '<img src=x onerror="window.__quizPwned=4">A',
    );
    root.remove();
  });

  it('shows the feedback of the chosen options only, the right answer, and links the sections shown', () => {
    const el = feedbackView(hostile, gradeChoose(hostile, ['b']), context, () => {});
    expect(el.dataset.correct).toBe('false');
    expect(
      [...el.querySelectorAll('[data-option-id]')].map((li) => (li as HTMLElement).dataset.optionId),
    ).toEqual(['b']);
    expect(el.textContent).toContain('The answer: <img src=x onerror="window.__quizPwned=4">A.');
    expect([...el.querySelectorAll('.quiz-sections button')].map((b) => b.textContent)).toEqual(['CT']);
  });

  it('says how far a locate click was, and why', () => {
    const near = { annotationId: 'level-1', inPlaneMm: 20.4, throughPlaneMm: 0, hit: false };
    expect(locateVerdict({ hit: false, nearest: near, distances: [near], reason: 'too-far' }, context)).toBe(
      'Not quite: 20 mm from Fluid–calcium level.',
    );
    const slice = { ...near, inPlaneMm: 1, throughPlaneMm: 6.25 };
    expect(
      locateVerdict({ hit: false, nearest: slice, distances: [slice], reason: 'other-slice' }, context),
    ).toMatch(/on a slice 6\.3 mm from the finding's/);
    expect(
      locateVerdict({ hit: false, nearest: null, distances: [], reason: 'not-comparable' }, context),
    ).toMatch(/not on the series you clicked/);
    expect(locateVerdict({ hit: true, nearest: { ...near, hit: true }, distances: [] }, context)).toBe(
      'Right: on Fluid–calcium level.',
    );
  });

  it('scores per question', () => {
    const el = scoreView(
      {
        correct: 1,
        answered: 1,
        total: 2,
        perQuestion: [
          { question: hostile, answer: gradeChoose(hostile, ['a']), correct: true },
          { question: { ...hostile, id: 'q2' }, answer: null, correct: false },
        ],
      },
      context,
    );
    expect(el.querySelector('[data-testid="quiz-score"]')?.textContent).toBe('Score: 1 / 2');
    expect([...el.querySelectorAll('li')].map((li) => li.querySelector('.quiz-mark')?.textContent)).toEqual([
      '✓ ',
      '– ',
    ]);
  });
});

/**
 * A student's card for a live quiz question (issue 14): when the teacher's snapshot opens a question, the
 * card shows its prompt (sanitised, as the quiz panel shows it) and takes the answer on the student's own
 * stack — a click on the image (the quiz's locate mode), options and Submit, or a number (an ROI's mean) —
 * then says "Answer sent" once the server has it; the answer can change until the teacher reveals. On the
 * reveal: the student's own verdict (the quiz's grader) and the explanation, with the click marked and the
 * finding shown; on close the card goes. Answering changes nothing in the view, so it never detaches the
 * student. The answer of the open round is kept in sessionStorage (a reload still knows it). DOM.
 */
import type { LiveAnswer, LiveQuizState, LiveReply } from '../model/liveProtocol.ts';
import type { QuizQuestion } from '../model/QuizFile.ts';
import { clickOf, gradeLiveAnswer, locateAnswerOf } from '../teaching/liveQuiz.ts';
import { answerRevealView } from '../teaching/quizViewChanges.ts';
import { h, setText } from './h.ts';
import type { LiveQuizContext, Slot } from './liveHooks.ts';
import { QuizLocateMode } from './quizLocate.ts';
import { QuizPins } from './quizPins.ts';
import { locateHint } from './quizQuestionView.ts';
import { chooseControls, feedbackView, markdownBlock } from './quizViews.ts';
import './liveQuiz.css';

/** What the card shows. */
export type LiveQuizCardState = 'none' | 'loading' | 'open' | 'sending' | 'sent' | 'revealed' | 'unavailable';

/** What the card is wired to. */
export interface LiveQuizStudentOptions {
  /** Where the card goes (the page's body: it floats over the side panels). */
  readonly container: HTMLElement;
  /** The case's quiz, once loaded. */
  readonly quiz: Slot<LiveQuizContext>;
  /** Sends the answer to the server (the live client's `answer`). */
  readonly send: (round: number, answer: LiveAnswer) => Promise<LiveReply<Record<never, never>>>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** The sessionStorage key of this session's answer. */
  readonly storageKey: string;
}

/** A kept answer: the round it answers and the answer. */
interface Kept {
  readonly round: number;
  readonly answer: LiveAnswer;
}

/** The student's live question card. */
export class LiveQuizStudent {
  readonly element: HTMLElement;
  private state: LiveQuizState | null = null;
  private context: LiveQuizContext | null = null;
  private answer: LiveAnswer | null = null;
  private locate: QuizLocateMode | null = null;
  private pins: QuizPins | null = null;
  private revealApplied: number | null = null;
  private readonly heading = h('h2', { class: 'live-quiz-card-title', text: 'Question from the teacher' });
  private readonly body = h('div', { class: 'live-quiz-card-body' });
  private readonly sent = h('p', {
    class: 'live-quiz-sent',
    role: 'status',
    dataset: { testid: 'live-quiz-sent' },
  });
  private readonly offQuiz: () => void;

  constructor(private readonly options: LiveQuizStudentOptions) {
    this.element = h(
      'section',
      {
        class: 'live-quiz-card floating-panel',
        'aria-label': 'Question from the teacher',
        hidden: true,
        dataset: { testid: 'live-quiz-card', state: 'none' },
      },
      this.heading,
      this.body,
      this.sent,
    );
    options.container.append(this.element);
    this.offQuiz = options.quiz.when((context) => {
      this.context = context;
      this.render();
    });
  }

  /** What the card shows now. */
  get cardState(): LiveQuizCardState {
    return (this.element.dataset.state as LiveQuizCardState | undefined) ?? 'none';
  }

  /**
   * The room's question from a snapshot: opens, reveals or closes the card.
   * @param state - the snapshot's quiz
   */
  take(state: LiveQuizState | null): void {
    const previous = this.state;
    if (previous && state?.round === previous.round && state.revealed === previous.revealed) return;
    this.state = state;
    if (!state) {
      this.answer = null;
      this.options.storage.removeItem(this.options.storageKey);
    } else if (state.round !== previous?.round) {
      this.answer = this.kept(state.round);
    }
    this.render();
  }

  /** Removes the card and stops taking clicks (the session ended or the student left). */
  dispose(): void {
    this.offQuiz();
    this.stopLocate();
    this.pins?.dispose();
    this.element.remove();
  }

  private question(): QuizQuestion | undefined {
    const id = this.state?.questionId;
    return this.context?.file.questions.find((q) => q.id === id);
  }

  private show(state: LiveQuizCardState): void {
    this.element.dataset.state = state;
    this.element.hidden = state === 'none';
  }

  private render(): void {
    const state = this.state;
    if (!state) {
      this.stopLocate();
      this.pins?.set([]);
      this.body.replaceChildren();
      setText(this.sent, '');
      this.show('none');
      return;
    }
    const context = this.context;
    if (!context) {
      this.body.replaceChildren(h('p', { text: 'Loading the question…' }));
      this.show('loading');
      return;
    }
    const q = this.question();
    if (!q) {
      this.stopLocate();
      this.body.replaceChildren(
        h('p', { text: "This question is not in this page's quiz: the teacher's case or quiz may differ." }),
      );
      this.show('unavailable');
      return;
    }
    const n = context.file.questions.indexOf(q) + 1;
    setText(this.heading, `Question ${n} from the teacher`);
    if (state.revealed) this.renderRevealed(q, context);
    else this.renderOpen(q, context);
  }

  private renderOpen(q: QuizQuestion, context: LiveQuizContext): void {
    const parts: HTMLElement[] = [markdownBlock(q.prompt, 'quiz-prompt', context.viewContext)];
    if (q.kind === 'locate') {
      parts.push(h('p', { class: 'quiz-hint', text: locateHint }));
      this.startLocate(context);
    } else {
      this.stopLocate();
    }
    if (q.kind === 'choose') {
      const controls = chooseControls(q, null);
      const chosen = this.answer?.kind === 'choose' ? this.answer.options : [];
      for (const input of Array.from(controls.querySelectorAll<HTMLInputElement>('input')))
        input.checked = chosen.includes(input.value);
      parts.push(
        controls,
        this.button('Submit', 'live-quiz-submit', () => {
          const ids = Array.from(
            controls.querySelectorAll<HTMLInputElement>('input:checked'),
            (i) => i.value,
          );
          if (ids.length > 0) void this.submit({ kind: 'choose', options: ids });
        }),
      );
    } else if (q.kind === 'measure') {
      const unit = context.viewContext.unitOf(q.seriesKey);
      const input = h('input', {
        type: 'number',
        step: 'any',
        class: 'live-quiz-number',
        'aria-label': `Mean${unit ? ` (${unit})` : ''}`,
        dataset: { testid: 'live-quiz-number' },
      });
      if (this.answer?.kind === 'measure') input.value = String(this.answer.value);
      const latestRoi = () => {
        const rois = context.viewer
          .getMeasurements()
          .filter((m) => m.kind === 'ellipse' && m.seriesKey === q.seriesKey);
        const roi = rois[rois.length - 1];
        if (roi?.kind === 'ellipse') input.value = roi.mean.toFixed(1);
      };
      parts.push(
        h('p', {
          class: 'quiz-hint',
          text: `Draw an elliptical ROI on ${context.viewContext.seriesLabel(q.seriesKey)} (Ellipse ROI tool, E) and send its mean, or type the value.`,
        }),
        h(
          'div',
          { class: 'live-quiz-measure-row' },
          input,
          unit ? h('span', { text: unit }) : null,
          this.button('Use my latest ROI', 'live-quiz-use-roi', latestRoi, 'tool-button small'),
        ),
        this.button('Send', 'live-quiz-submit', () => {
          const value = Number.parseFloat(input.value);
          if (Number.isFinite(value)) void this.submit({ kind: 'measure', value });
        }),
      );
    }
    this.body.replaceChildren(...parts);
    this.markClick(undefined);
    this.show(this.answer ? 'sent' : 'open');
    setText(
      this.sent,
      this.answer ? 'Answer sent. You can change it until the teacher reveals the answer.' : '',
    );
  }

  private renderRevealed(q: QuizQuestion, context: LiveQuizContext): void {
    this.stopLocate();
    const graded = this.answer ? gradeLiveAnswer(q, this.answer, context.grader, context.manifest) : null;
    const parts: HTMLElement[] = [markdownBlock(q.prompt, 'quiz-prompt', context.viewContext)];
    if (graded) {
      parts.push(feedbackView(q, graded, context.viewContext, context.showSection));
    } else {
      parts.push(
        h('p', {
          class: 'quiz-verdict',
          dataset: { testid: 'quiz-verdict' },
          text: 'You did not answer this question.',
        }),
        markdownBlock(q.explanation, 'quiz-explanation', context.viewContext),
      );
    }
    this.body.replaceChildren(...parts);
    this.markClick(graded?.correct);
    setText(this.sent, '');
    this.show('revealed');
    // The finding the answer names, shown on the student's own images (no detach: not the student's move).
    if (this.revealApplied !== this.state?.round) {
      this.revealApplied = this.state?.round ?? null;
      context.store.update((s) => answerRevealView(s, q, context.index), 'tour');
    }
  }

  private async submit(answer: LiveAnswer): Promise<void> {
    const state = this.state;
    if (!state || state.revealed) return;
    this.show('sending');
    setText(this.sent, 'Sending…');
    const reply = await this.options.send(state.round, answer);
    if (this.state?.round !== state.round || this.state.revealed) return;
    if (!reply.ok) {
      this.show(this.answer ? 'sent' : 'open');
      setText(this.sent, reply.error);
      return;
    }
    this.answer = answer;
    this.options.storage.setItem(this.options.storageKey, JSON.stringify({ round: state.round, answer }));
    this.show('sent');
    setText(this.sent, 'Answer sent. You can change it until the teacher reveals the answer.');
    this.markClick(undefined);
  }

  /** The student's click on the images (coloured once graded). */
  private markClick(correct: boolean | undefined): void {
    const context = this.context;
    const answer = this.answer;
    if (!context) return;
    const click = answer?.kind === 'locate' ? clickOf(answer, context.manifest) : null;
    if (!click && !this.pins) return;
    this.pinsOf(context).set(
      click
        ? [
            {
              id: 'live-answer',
              at: click,
              look: 'click',
              label: 'You',
              ...(correct === undefined ? {} : { correct }),
            },
          ]
        : [],
    );
  }

  /** Where the viewports are, for marks over them. */
  private hostOf(context: LiveQuizContext) {
    return {
      viewportElement: (i: number) =>
        context.area.querySelector<HTMLElement>(`.viewport-element[data-viewport-index="${i}"]`) ?? undefined,
      get viewportCount() {
        return context.store.get().viewports.length;
      },
    };
  }

  private pinsOf(context: LiveQuizContext): QuizPins {
    this.pins ??= new QuizPins(context.viewer, context.manifest, this.hostOf(context));
    return this.pins;
  }

  private startLocate(context: LiveQuizContext): void {
    if (this.locate?.isActive) return;
    const host = this.hostOf(context);
    this.locate ??= new QuizLocateMode({
      viewer: context.viewer,
      manifest: context.manifest,
      store: context.store,
      shortcuts: context.shortcuts,
      pins: new QuizPins(context.viewer, context.manifest, host),
      area: context.area,
      onAnswer: (click) => {
        const answer = locateAnswerOf(click);
        if (answer) void this.submit(answer);
      },
    });
    this.locate.start();
  }

  private stopLocate(): void {
    this.locate?.stop();
  }

  private kept(round: number): LiveAnswer | null {
    try {
      const raw = this.options.storage.getItem(this.options.storageKey);
      const kept = raw ? (JSON.parse(raw) as Kept) : null;
      return kept && kept.round === round && typeof kept.answer === 'object' ? kept.answer : null;
    } catch {
      return null;
    }
  }

  private button(text: string, testid: string, onclick: () => void, cls = 'tool-button'): HTMLButtonElement {
    return h('button', { type: 'button', class: cls, text, onclick, dataset: { testid } });
  }
}

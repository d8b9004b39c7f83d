/**
 * The teacher's live quiz (issue 14), a part of the Live panel while presenting a case that has a quiz: a
 * question menu and "Ask the class" (the question opens on the teacher's screen too, through the quiz's own
 * view changes, so it reaches the class like any view), then the answers as they come — "n of m students
 * answered"; a bar per option of a choose question (the right one marked after the reveal); a heat map over
 * the images for a locate question; the values against the range for a measure question — and "Reveal
 * answer to all" and "Close question". DOM; the viewer through the heat map and the quiz context only.
 */
import type { LiveAnswers, LiveQuizAction, LiveQuizState, LiveReply } from '../model/liveProtocol.ts';
import type { QuizQuestion } from '../model/QuizFile.ts';
import { choiceBars, LiveAnswerTally, measureSummary } from '../teaching/liveQuiz.ts';
import { answerRevealView, questionOpenView } from '../teaching/quizViewChanges.ts';
import { h, setText } from './h.ts';
import { LiveHeatMap } from './LiveHeatMap.ts';
import type { LiveQuizContext } from './liveHooks.ts';
import { promptText } from './quizViews.ts';
import './liveQuiz.css';

/** What the teacher's live quiz is wired to. */
export interface LiveQuizTeacherOptions {
  readonly quiz: LiveQuizContext;
  /** Sends a quiz action to the server (the live client's `quiz`). */
  readonly send: (action: LiveQuizAction) => Promise<LiveReply<{ quiz: LiveQuizState | null }>>;
  /** The element handed to the viewer for a viewport. */
  readonly viewportElement: (viewportIndex: number) => HTMLElement | undefined;
}

/**
 * "2 of 5 students answered".
 * @param answered - students who answered
 * @param students - students in the room
 */
export function answeredText(answered: number, students: number): string {
  const of = Math.max(answered, students);
  return `${answered} of ${of} student${of === 1 ? '' : 's'} answered`;
}

/** The Live panel's quiz part. */
export class LiveQuizTeacher {
  readonly element: HTMLElement;
  private state: LiveQuizState | null = null;
  private students = 0;
  private busy = false;
  private readonly tally = new LiveAnswerTally();
  private readonly heat: LiveHeatMap;
  private readonly menu: HTMLSelectElement;
  private readonly askButton: HTMLButtonElement;
  private readonly revealButton: HTMLButtonElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly status = h('p', {
    class: 'live-quiz-status',
    role: 'status',
    dataset: { testid: 'live-quiz-status' },
  });
  private readonly openPart = h('div', {
    class: 'live-quiz-open',
    hidden: true,
    dataset: { testid: 'live-quiz-open', state: 'none' },
  });
  private readonly prompt = h('p', { class: 'live-quiz-prompt', dataset: { testid: 'live-quiz-prompt' } });
  private readonly count = h('p', {
    class: 'live-quiz-count',
    dataset: { testid: 'live-quiz-count', answered: '0' },
  });
  private readonly results = h('div', {
    class: 'live-quiz-results',
    dataset: { testid: 'live-quiz-results' },
  });
  private readonly heatText = h('p', {
    class: 'live-quiz-heat-text',
    dataset: { testid: 'live-quiz-heat-text' },
  });

  constructor(private readonly options: LiveQuizTeacherOptions) {
    const { quiz } = options;
    this.menu = h(
      'select',
      { class: 'live-quiz-menu', dataset: { testid: 'live-quiz-menu' }, 'aria-label': 'Question to ask' },
      ...quiz.file.questions.map((q, i) =>
        h('option', { value: q.id, text: `${i + 1}. ${short(promptText(q, quiz.viewContext))}` }),
      ),
    );
    this.askButton = h('button', {
      type: 'button',
      class: 'tool-button live-quiz-ask',
      text: 'Ask the class',
      title: 'Put this question to every student (it opens on your screen too)',
      dataset: { testid: 'live-quiz-ask' },
      onclick: () => void this.ask(this.menu.value),
    });
    this.revealButton = h('button', {
      type: 'button',
      class: 'tool-button',
      text: 'Reveal answer to all',
      dataset: { testid: 'live-quiz-reveal' },
      onclick: () => void this.reveal(),
    });
    this.closeButton = h('button', {
      type: 'button',
      class: 'tool-button',
      text: 'Close question',
      dataset: { testid: 'live-quiz-close' },
      onclick: () => void this.close(),
    });
    this.heat = new LiveHeatMap({
      viewer: quiz.viewer,
      manifest: quiz.manifest,
      viewportElement: options.viewportElement,
      viewportCount: () => quiz.store.get().viewports.length,
      onDrawn: (index) => {
        if (index === quiz.store.get().activeViewport) this.renderHeatText();
      },
    });
    this.openPart.append(
      this.prompt,
      this.count,
      this.results,
      h('div', { class: 'live-quiz-buttons' }, this.revealButton, this.closeButton),
    );
    this.element = h(
      'section',
      { class: 'live-quiz', 'aria-label': 'Live quiz', dataset: { testid: 'live-quiz' } },
      h('h3', { class: 'live-quiz-title', text: 'Live quiz' }),
      h('div', { class: 'live-quiz-ask-row' }, this.menu, this.askButton),
      this.openPart,
      this.status,
    );
  }

  /** The open question's state, or null. */
  get quizState(): LiveQuizState | null {
    return this.state;
  }

  /** The heat map (diagnostics). */
  get heatMap(): LiveHeatMap {
    return this.heat;
  }

  /**
   * The room's question (a resumed session's snapshot), without changing the view.
   * @param state - the snapshot's quiz
   */
  takeState(state: LiveQuizState | null): void {
    if (state?.round !== this.state?.round) this.tally.clear();
    this.state = state;
    this.render();
  }

  /**
   * How many students are in the room.
   * @param students - the count
   */
  setStudents(students: number): void {
    this.students = students;
    this.renderCount();
  }

  /**
   * The class's answers (all, or the new ones).
   * @param answers - a validated message
   */
  takeAnswers(answers: LiveAnswers): void {
    if (!this.state || answers.round !== this.state.round) return;
    this.tally.take(answers);
    this.renderResults();
  }

  /**
   * Asks the class a question: the server opens a new round; the question's view opens here (and so for
   * everyone following).
   * @param questionId - a question of the quiz
   */
  async ask(questionId: string): Promise<void> {
    const q = this.questionOf(questionId);
    if (!q || this.busy) return;
    const reply = await this.request({ action: 'ask', questionId });
    if (!reply) return;
    const { store, manifest, index } = this.options.quiz;
    store.update((s) => questionOpenView(s, q, manifest, index), 'tour');
    this.tally.clear();
    this.state = reply;
    this.render();
  }

  /** Reveals the answer to all: the question's findings show here (and so for everyone following). */
  async reveal(): Promise<void> {
    const q = this.state ? this.questionOf(this.state.questionId) : undefined;
    if (!q || this.state?.revealed) return;
    const reply = await this.request({ action: 'reveal' });
    if (!reply) return;
    const { store, index } = this.options.quiz;
    store.update((s) => answerRevealView(s, q, index), 'tour');
    this.state = reply;
    this.render();
  }

  /** Closes the question for everyone. */
  async close(): Promise<void> {
    if (!this.state) return;
    const closed = await this.request({ action: 'close' });
    if (closed === undefined) return;
    this.takeState(null);
  }

  /** Removes the heat map (the session ended). */
  dispose(): void {
    this.heat.clear();
    this.element.remove();
  }

  /** Sends an action; the room's quiz state after it, or undefined (the reason is said). */
  private async request(action: LiveQuizAction): Promise<LiveQuizState | null | undefined> {
    this.busy = true;
    this.askButton.disabled = true;
    setText(this.status, '');
    try {
      const reply = await this.options.send(action);
      if (!reply.ok) {
        setText(this.status, reply.error);
        return undefined;
      }
      return reply.quiz;
    } finally {
      this.busy = false;
      this.askButton.disabled = false;
    }
  }

  private questionOf(id: string): QuizQuestion | undefined {
    return this.options.quiz.file.questions.find((q) => q.id === id);
  }

  private render(): void {
    const state = this.state;
    const q = state ? this.questionOf(state.questionId) : undefined;
    this.openPart.hidden = !q;
    this.openPart.dataset.state = !q ? 'none' : state?.revealed ? 'revealed' : 'open';
    this.askButton.textContent = q ? 'Ask this instead' : 'Ask the class';
    this.revealButton.disabled = !q || state?.revealed === true;
    if (q) {
      const n = this.options.quiz.file.questions.indexOf(q) + 1;
      setText(this.prompt, `Question ${n}: ${promptText(q, this.options.quiz.viewContext)}`);
      this.menu.value = q.id;
    }
    this.renderCount();
    this.renderResults();
  }

  /** The clicks on the active viewport's slice and off it (drawn again with every display). */
  private renderHeatText(): void {
    const shown = this.heat.on(this.options.quiz.store.get().activeViewport);
    setText(
      this.heatText,
      shown
        ? `Clicks on the image: ${shown.points.length} on this slice, ${shown.off} off it.`
        : 'Clicks are drawn on the images as they come.',
    );
  }

  private renderCount(): void {
    this.count.dataset.answered = String(this.tally.count);
    setText(this.count, answeredText(this.tally.count, this.students));
  }

  private renderResults(): void {
    this.renderCount();
    const state = this.state;
    const q = state ? this.questionOf(state.questionId) : undefined;
    if (!q || !state) {
      this.heat.clear();
      this.results.replaceChildren();
      return;
    }
    const entries = this.tally.entries;
    if (q.kind === 'choose') {
      this.heat.clear();
      const bars = choiceBars(q, entries);
      this.results.replaceChildren(
        h(
          'ul',
          { class: 'live-quiz-bars', dataset: { testid: 'live-quiz-bars' } },
          ...bars.map((bar) => {
            const right = state.revealed && bar.correct;
            const fill = h('span', { class: 'live-quiz-bar-fill' });
            fill.style.width = `${bar.percent}%`;
            return h(
              'li',
              {
                class: `live-quiz-bar${right ? ' right' : ''}`,
                dataset: {
                  testid: `live-quiz-bar-${bar.id}`,
                  count: String(bar.count),
                  correct: String(right),
                },
              },
              h('span', { class: 'live-quiz-bar-text', text: `${right ? '✓ ' : ''}${bar.text}` }),
              h('span', { class: 'live-quiz-bar-track' }, fill),
              h('span', { class: 'live-quiz-bar-count', text: `${bar.count} (${bar.percent}%)` }),
            );
          }),
        ),
      );
    } else if (q.kind === 'locate') {
      this.results.replaceChildren(this.heatText);
      this.heat.show(q, entries);
      this.renderHeatText();
    } else {
      this.heat.clear();
      const summary = measureSummary(q, entries);
      const unit = this.options.quiz.viewContext.unitOf(q.seriesKey);
      const u = unit ? ` ${unit}` : '';
      this.results.replaceChildren(
        h('p', {
          class: 'live-quiz-measure-text',
          text: `${summary.inRange} of ${summary.values.length} within ${summary.min} to ${summary.max}${u}`,
        }),
        h(
          'ol',
          { class: 'live-quiz-values', dataset: { testid: 'live-quiz-values' } },
          ...summary.values.map((v) =>
            h('li', {
              class: v >= summary.min && v <= summary.max ? 'right' : 'wrong',
              text: `${v.toFixed(1)}${u}`,
            }),
          ),
        ),
      );
    }
  }
}

/** A prompt cut to fit a menu. */
function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

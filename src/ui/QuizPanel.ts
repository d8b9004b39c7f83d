/**
 * The quiz panel: a Quiz button in the toolbar (and key Q) opens it in the side panels; it asks the
 * questions of the case's quiz one by one (locate on the images, choose, measure with an elliptical ROI),
 * gives feedback that reveals the finding on the image and links its text, shows the score and a review with
 * the learner's clicks drawn on their images, and keeps progress per learner in the browser. It changes the
 * view only through the store, with source 'tour'. Plain DOM; the viewer through its controller.
 */
import './quiz.css';
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { type WorldPoint, worldPoint } from '../model/geometry.ts';
import type { QuizFile, QuizQuestion } from '../model/QuizFile.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import type { PrimaryTool, ViewState } from '../model/ViewState.ts';
import type { AnnotationIndex } from '../teaching/AnnotationIndex.ts';
import { resolveFindingLink } from '../teaching/AnnotationIndex.ts';
import { focusFinding } from '../teaching/focusFinding.ts';
import type { ImageClick } from '../teaching/hitTest.ts';
import { type QuizGrader, QuizSession } from '../teaching/QuizSession.ts';
import { createQuizGrader } from '../teaching/quizGrader.ts';
import { QuizProgressStore } from '../teaching/quizProgressStore.ts';
import {
  answerRevealView,
  clickReviewView,
  questionOpenView,
  revealedFindings,
  reviewOverlaysView,
} from '../teaching/quizViewChanges.ts';
import { h } from './h.ts';
import { QuizLocateMode } from './quizLocate.ts';
import { QuizPins, reviewPinsOf } from './quizPins.ts';
import { questionView } from './quizQuestionView.ts';
import { closedView, type QuizViewContext, quizFrame, reviewView, scoreView } from './quizViews.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';

/** The key that opens and closes the quiz. */
export const quizKey = 'Q';

/** What the panel is wired to. */
export interface QuizPanelOptions {
  /** Where the panel lives in the side panels. */
  readonly container: HTMLElement;
  /** The toolbar the Quiz button joins. */
  readonly toolbar: HTMLElement;
  /** The area holding the viewports. */
  readonly area: HTMLElement;
  readonly store: Store<ViewState>;
  readonly viewer: ViewerController & { measurementCentre?(id: string): Promise<WorldPoint | null> };
  readonly manifest: CaseManifest;
  readonly index: AnnotationIndex;
  readonly file: QuizFile;
  /** The quiz file's URL (tells the case's quizzes apart in storage). */
  readonly quizUrl: string;
  readonly shortcuts: ShortcutRegistry;
  /** localStorage, or null. */
  readonly storage: Storage | null;
}

type Screen = 'question' | 'score' | 'review';

/** The quiz panel and its toolbar button. */
export class QuizPanel {
  readonly button: HTMLButtonElement;
  private readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private readonly learnerInput: HTMLInputElement;
  private readonly progress: QuizProgressStore;
  /** The grader (the live quiz grades a student's answer with it too). */
  readonly grader: QuizGrader;
  /** Names for the quiz views (the live quiz's card uses them too). */
  readonly context: QuizViewContext;
  private readonly locate: QuizLocateMode;
  private readonly reviewPins: QuizPins;
  private session: QuizSession;
  private learner: string;
  private open = false;
  private screen: Screen = 'question';
  /** The overlays shown when the quiz opened: shown again when it closes. */
  private categoriesBefore: readonly string[] | null = null;
  /** The mouse tool when the quiz opened: back once the questions are done or the quiz closes. */
  private toolBefore: PrimaryTool | null = null;
  /** Stops following layout changes (only while open). */
  private offLayout: (() => void) | null = null;
  /** The question whose view was last applied (so a re-render does not reset the learner's scrolling). */
  private preparedQuestion: string | null = null;

  constructor(private readonly options: QuizPanelOptions) {
    const { manifest, index, file, store, viewer } = options;
    this.progress = new QuizProgressStore(options.storage, manifest.caseId, options.quizUrl);
    this.grader = createQuizGrader(index, manifest);
    const series = new Map(manifest.series.map((s) => [s.key, s]));
    this.context = {
      labelOf: (id) => index.placements.get(id)?.annotation.label ?? id,
      // Only sections the case text shows (an unknown case hides those after its history).
      sectionTitle: (id) => {
        const heading = sectionOf(id)?.querySelector(':scope > :is(h2, h3)');
        return heading?.checkVisibility?.() !== false ? (heading?.textContent ?? null) : null;
      },
      seriesLabel: (key) => series.get(key)?.SeriesDescription ?? key,
      unitOf: (key) => (series.get(key)?.Modality === 'CT' ? 'HU' : ''),
      knownFindings: new Set(index.placements.keys()),
    };
    const host = {
      viewportElement: (i: number) =>
        options.area.querySelector<HTMLElement>(`.viewport-element[data-viewport-index="${i}"]`) ?? undefined,
      get viewportCount() {
        return store.get().viewports.length;
      },
    };
    this.reviewPins = new QuizPins(viewer, manifest, host);
    const crosshairPins = new QuizPins(viewer, manifest, host);
    this.locate = new QuizLocateMode({
      viewer,
      manifest,
      store,
      shortcuts: options.shortcuts,
      pins: crosshairPins,
      area: options.area,
      onAnswer: (click) => this.answerLocate(click),
    });
    this.learner = this.progress.learner;
    this.session = this.restore();

    this.button = h('button', {
      type: 'button',
      class: 'tool-button',
      text: 'Quiz',
      title: `Quiz: ${file.title} (${quizKey})`,
      'aria-keyshortcuts': quizKey,
      'aria-pressed': 'false',
      onclick: () => this.toggle(),
      dataset: { testid: 'quiz-toggle' },
    });
    options.toolbar.append(
      h('div', { class: 'tool-group', role: 'group', 'aria-label': 'Quiz' }, this.button),
    );
    options.shortcuts.register({
      keys: [quizKey],
      description: 'Open / close the quiz',
      group: 'Teaching',
      match: [quizKey.toLowerCase(), quizKey],
      run: () => this.toggle(),
    });
    this.learnerInput = h('input', {
      type: 'text',
      class: 'quiz-learner-input',
      value: this.learner,
      maxlength: '60',
      autocomplete: 'off',
      dataset: { testid: 'quiz-learner' },
      onchange: () => this.switchLearner(this.learnerInput.value),
    });
    this.status = h('p', { class: 'quiz-status', tabindex: '-1', dataset: { testid: 'quiz-progress' } });
    // Feedback is announced as it appears.
    this.body = h('div', { class: 'quiz-body', 'aria-live': 'polite' });
    this.root = quizFrame(`Quiz: ${file.title}`, this.learnerInput, this.status, this.body, {
      close: () => this.close(),
      startOver: () => this.startOver(),
    });
    this.renderClosed();
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Opens the quiz where the learner left it, or closes it. */
  toggle(): void {
    if (this.open) this.close();
    else this.openQuiz();
  }

  /** Opens the panel and focuses it. */
  openQuiz(): void {
    if (this.open) return;
    this.open = true;
    const { store, container } = this.options;
    this.categoriesBefore = store.get().visibleCategories;
    this.toolBefore = store.get().primaryTool;
    // A layout change makes new viewport cells: the marks move to them.
    this.offLayout = store.subscribe((next, previous) => {
      if (next.viewports.length !== previous.viewports.length)
        queueMicrotask(() => this.reviewPins.placeAll());
    });
    this.button.setAttribute('aria-pressed', 'true');
    container.replaceChildren(this.root);
    container.parentElement?.classList.add('quiz-open');
    this.screen = this.session.finished ? 'score' : 'question';
    this.preparedQuestion = null;
    this.render();
    this.status.focus();
  }

  /** Closes the panel; the overlays shown before come back. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.locate.stop();
    this.reviewPins.set([]);
    this.offLayout?.();
    this.offLayout = null;
    this.button.setAttribute('aria-pressed', 'false');
    this.options.container.parentElement?.classList.remove('quiz-open');
    const categories = this.categoriesBefore;
    if (categories) this.options.store.update((s) => ({ ...s, visibleCategories: categories }), 'tour');
    this.restoreTool();
    this.renderClosed();
    this.button.focus();
  }

  private renderClosed(): void {
    const score = this.session.score();
    const state = this.session.finished
      ? `Done: ${score.correct} / ${score.total}`
      : score.answered > 0
        ? `${score.answered} of ${score.total} answered`
        : `${score.total} questions`;
    const action = score.answered > 0 && !this.session.finished ? 'Resume the quiz' : 'Take the quiz';
    this.options.container.replaceChildren(
      closedView(`Quiz: ${this.options.file.title}`, state, action, () => this.openQuiz()),
    );
  }

  private render(): void {
    this.locate.stop();
    this.reviewPins.set([]);
    const q = this.session.current;
    if (this.screen === 'question' && q) this.renderQuestion(q);
    else if (this.screen === 'review') this.renderReview();
    else this.renderScore();
  }

  private renderQuestion(q: QuizQuestion): void {
    const n = this.session.currentIndex + 1;
    const total = this.session.questions.length;
    this.status.textContent = `Question ${n} / ${total}`;
    const answer = this.session.answerTo(q.id);
    if (!answer && this.preparedQuestion !== q.id) this.prepare(q);
    if (!answer && q.kind === 'locate') this.locate.start();
    this.body.replaceChildren(
      ...questionView(q, answer, n === total, this.context, {
        answerAtCrosshair: () => this.locate.answerAtCrosshair(),
        submitChoice: (ids) => {
          if (this.session.answerChoose(ids)) this.answered();
        },
        check: (message) => {
          if (q.kind === 'measure') void this.answerMeasure(q.seriesKey, message);
        },
        showSection: (id) => this.showSection(id),
        next: () => this.next(),
      }),
    );
    if (answer?.kind === 'locate') {
      this.reviewPins.set([
        { id: q.id, at: answer.click, look: 'click', label: `Q${n}`, correct: answer.correct },
      ]);
    }
  }

  /** A question opens: its view, its findings hidden, the tool it needs. */
  private prepare(q: QuizQuestion): void {
    this.preparedQuestion = q.id;
    const { store, manifest, index } = this.options;
    store.update((s) => questionOpenView(s, q, manifest, index), 'tour');
  }

  private answerLocate(click: ImageClick): void {
    const answer = this.session.answerLocate(click);
    if (!answer) return;
    this.answered();
    const q = this.session.current;
    if (!answer.correct && q?.kind === 'locate') {
      const first = revealedFindings(q)[0];
      if (first) this.goToFinding(first);
    }
  }

  private async answerMeasure(seriesKey: string, message: HTMLElement): Promise<void> {
    const { viewer } = this.options;
    const rois = viewer.getMeasurements().filter((m) => m.kind === 'ellipse' && m.seriesKey === seriesKey);
    const roi = rois[rois.length - 1];
    if (roi?.kind !== 'ellipse') {
      message.textContent = `No elliptical ROI on ${this.context.seriesLabel(seriesKey)} yet: draw one, then press Check.`;
      return;
    }
    const centre = (await viewer.measurementCentre?.(roi.id)) ?? null;
    const uid = this.options.manifest.series.find((s) => s.key === roi.seriesKey)?.instances[roi.imageIndex]
      ?.SOPInstanceUID;
    const answer = this.session.answerMeasure({
      seriesKey: roi.seriesKey,
      imageIndex: roi.imageIndex,
      mean: roi.mean,
      stdDev: roi.stdDev,
      areaMm2: roi.areaMm2,
      ...(uid ? { SOPInstanceUID: uid } : {}),
      ...(centre ? { centre } : {}),
    });
    if (answer) this.answered();
  }

  /** After an answer: save, reveal the question's findings, show the feedback and focus its verdict. */
  private answered(): void {
    this.save();
    const q = this.session.current;
    if (!q) return;
    const { store, index } = this.options;
    store.update((s) => answerRevealView(s, q, index), 'tour');
    this.render();
    this.body.querySelector<HTMLElement>('[data-testid="quiz-verdict"]')?.focus();
  }

  private next(): void {
    this.session.next();
    this.save();
    this.screen = this.session.finished ? 'score' : 'question';
    this.render();
    (this.screen === 'score'
      ? this.body.querySelector<HTMLElement>('[data-testid="quiz-score"]')
      : this.status
    )?.focus();
  }

  private renderScore(): void {
    this.status.textContent = 'Finished';
    this.restoreTool();
    this.body.replaceChildren(
      scoreView(this.session.score(), this.context),
      h(
        'div',
        { class: 'quiz-actions' },
        h('button', {
          type: 'button',
          class: 'tool-button',
          text: 'Review',
          onclick: () => {
            this.screen = 'review';
            this.render();
            this.status.focus();
          },
          dataset: { testid: 'quiz-review-button' },
        }),
      ),
    );
  }

  private renderReview(): void {
    this.status.textContent = 'Review';
    this.restoreTool();
    const score = this.session.score();
    this.body.replaceChildren(
      reviewView(score, this.context, (id) => this.showClick(id)),
      h('button', {
        type: 'button',
        class: 'tool-button',
        text: 'Back to the score',
        onclick: () => {
          this.screen = 'score';
          this.render();
        },
        dataset: { testid: 'quiz-back-to-score' },
      }),
    );
    // Every click (and measure ROI), each on the image it was made on, beside the findings and right regions.
    this.reviewPins.set(score.perQuestion.flatMap((p, i) => reviewPinsOf(p.question, p.answer, `Q${i + 1}`)));
    const { store, index } = this.options;
    store.update((s) => reviewOverlaysView(s, this.session.questions, index), 'tour');
  }

  /**
   * Review: the image a locate question was answered on, centred on the click, its target highlighted; for a
   * measure question, the learner's ROI (else the right region) with the finding it is `within`.
   */
  private showClick(questionId: string): void {
    const answer = this.session.answerTo(questionId);
    const q = this.session.questions.find((x) => x.id === questionId);
    const { store, manifest } = this.options;
    if (answer?.kind === 'locate' && q?.kind === 'locate') {
      const target = answer.hit.nearest?.annotationId ?? q.targets[0] ?? null;
      store.update((s) => clickReviewView(s, answer.click, manifest, target), 'tour');
    } else if (answer?.kind === 'measure' && q?.kind === 'measure') {
      const { roi } = answer;
      const right = q.answerRoi;
      const at =
        roi.centre && roi.SOPInstanceUID
          ? { seriesKey: roi.seriesKey, SOPInstanceUID: roi.SOPInstanceUID, world: roi.centre }
          : right
            ? { ...right.image, world: worldPoint(right.centreMm[0], right.centreMm[1], right.centreMm[2]) }
            : null;
      const highlight = q.within ?? q.findings?.[0] ?? null;
      if (at) store.update((s) => clickReviewView(s, at, manifest, highlight), 'tour');
    }
  }

  /**
   * The mouse tool the learner had before the questions (a measure question picks the ROI tool), unless it
   * was the ROI tool (a reload in the middle of a measure question): then W/L.
   */
  private restoreTool(): void {
    const before = this.toolBefore;
    const tool = before && before !== 'EllipticalROI' ? before : 'WindowLevel';
    if (tool)
      this.options.store.update((s) => (s.primaryTool === tool ? s : { ...s, primaryTool: tool }), 'tour');
  }

  private goToFinding(findingId: string): void {
    const { index, manifest, store } = this.options;
    const target = resolveFindingLink(index, findingId);
    const series = target ? manifest.series.find((s) => s.key === target.seriesKey) : undefined;
    if (!target || !series) return;
    store.update((s) => focusFinding(s, target, series), 'tour');
  }

  /** Scrolls the case text (only the text, as its own links do) to a section and focuses its heading. */
  showSection(sectionId: string): void {
    const section = sectionOf(sectionId);
    const body = section?.closest<HTMLElement>('.case-text');
    if (!section || !body) return;
    body.scrollTop += section.getBoundingClientRect().top - body.getBoundingClientRect().top - 4;
    const heading = section.querySelector<HTMLElement>('h2, h3');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }

  private startOver(): void {
    this.progress.clear(this.learner);
    this.session.startOver();
    this.screen = 'question';
    this.preparedQuestion = null;
    this.save();
    if (this.open) {
      this.render();
      this.status.focus();
    } else this.renderClosed();
  }

  private switchLearner(name: string): void {
    this.progress.setLearner(name);
    this.learner = this.progress.learner;
    this.learnerInput.value = this.learner;
    this.session = this.restore();
    this.screen = this.session.finished ? 'score' : 'question';
    this.preparedQuestion = null;
    if (this.open) this.render();
  }

  private restore(): QuizSession {
    return QuizSession.restore(this.options.file, this.grader, this.progress.load(this.learner)).session;
  }

  private save(): void {
    this.progress.save(this.learner, this.session.toProgress());
  }
}

/** A section of the case text on the page, by id. */
function sectionOf(sectionId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.case-text [data-section-id="${CSS.escape(sectionId)}"]`);
}

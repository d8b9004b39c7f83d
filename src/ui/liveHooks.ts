/**
 * Where the lazily started parts of the page meet the live class (issue 14): the tour bar and the quiz
 * publish themselves here when they start (in either order relative to the live class), and the live class
 * reads them: the tour step's text for the students' banner, the case's quiz for the live questions. DOM
 * types only; no socket.io, no Cornerstone.
 */
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { LiveTourStep } from '../model/liveProtocol.ts';
import type { QuizFile } from '../model/QuizFile.ts';
import type { ViewerController } from '../model/ViewerController.ts';
import type { ViewState } from '../model/ViewState.ts';
import type { AnnotationIndex } from '../teaching/AnnotationIndex.ts';
import type { QuizGrader } from '../teaching/QuizSession.ts';
import type { QuizViewContext } from './quizViews.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';

/** A value published once by one part of the page and read by another, whichever starts first. */
export class Slot<T> {
  private value: T | null = null;
  private readonly waiting = new Set<(value: T) => void>();

  /** The value, or null before it is published. */
  get(): T | null {
    return this.value;
  }

  /**
   * Publishes the value (a later one replaces it) and hands it to everyone waiting.
   * @param value - the value
   */
  set(value: T): void {
    this.value = value;
    for (const listener of [...this.waiting]) listener(value);
  }

  /**
   * Calls `listener` with the value now (when published) and with every later one.
   * @param listener - what to do with it
   * @returns the removal of the listener
   */
  when(listener: (value: T) => void): () => void {
    this.waiting.add(listener);
    if (this.value !== null) listener(this.value);
    return () => this.waiting.delete(listener);
  }
}

/** The case's quiz, as the live class needs it (published by startQuiz). */
export interface LiveQuizContext {
  readonly file: QuizFile;
  readonly manifest: CaseManifest;
  readonly index: AnnotationIndex;
  readonly store: Store<ViewState>;
  readonly viewer: ViewerController;
  readonly shortcuts: ShortcutRegistry;
  /** The column of the images (clicks are watched, marks drawn there). */
  readonly area: HTMLElement;
  /** Names for the quiz views (labels, sections, series, units). */
  readonly viewContext: QuizViewContext;
  /** The quiz's grader (hit tests against the case's annotations). */
  readonly grader: QuizGrader;
  /** Scrolls the case text to a section. */
  readonly showSection: (sectionId: string) => void;
}

/** What the tour bar tells the live class (published by startTours). */
export interface LiveTourSource {
  /** The tour step on screen with its text, or null when no tour plays. */
  shownStep(): LiveTourStep | null;
  /** Called when a tour starts or stops, or the step changes. */
  onChange(listener: () => void): () => void;
  /** Leaves the tour (a student following the teacher again). */
  stop(): void;
}

/** The case's quiz, once startQuiz has loaded it. */
export const liveQuizSlot = new Slot<LiveQuizContext>();

/** The tour bar, once startTours has built it. */
export const liveTourSlot = new Slot<LiveTourSource>();

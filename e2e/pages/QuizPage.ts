/**
 * Page object of the quiz: opens the case with its quiz (or another via `?quiz=`), opens the panel, answers
 * locate questions by a click on a patient-space point or with the cross-hair keys, choose questions by
 * their options, measure questions by drawing an elliptical ROI; reads the feedback, the score, the review's
 * click markers and the progress kept in localStorage. Also reads the committed quiz file. Waits on DOM
 * state only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { CASE_ID } from '../../generator/caseGeometry.ts';
import type { WorldPoint } from '../../src/model/geometry.ts';
import { worldPoint } from '../../src/model/geometry.ts';
import type { QuizFile, QuizQuestion } from '../../src/model/QuizFile.ts';
import type { QuizProgress } from '../../src/teaching/QuizSession.ts';
import { caseQuery } from './sampleCase.ts';
import { TeachingPage } from './TeachingPage.ts';

/** The committed quiz of the sample case. */
export function loadCaseQuiz(): QuizFile {
  const file = resolve(import.meta.dirname, '../../annotations', `${CASE_ID}.quiz.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as QuizFile;
}

/** A question of the quiz by id. */
export function questionOf<K extends QuizQuestion['kind']>(
  quiz: QuizFile,
  id: string,
  kind: K,
): Extract<QuizQuestion, { kind: K }> {
  const q = quiz.questions.find((x) => x.id === id);
  if (!q || q.kind !== kind) throw new Error(`The quiz has no ${kind} question '${id}'.`);
  return q as Extract<QuizQuestion, { kind: K }>;
}

/** The viewer page with its quiz. */
export class QuizPage extends TeachingPage {
  constructor(page: Page) {
    super(page);
  }

  /**
   * Opens the app (optionally with another quiz URL) and waits for the first image, its tools and the
   * teaching layer.
   * @param quizUrl - value of `?quiz=`
   */
  async openWithQuiz(quizUrl?: string): Promise<void> {
    const extra = quizUrl ? `quiz=${encodeURIComponent(quizUrl)}` : '';
    const query = caseQuery && extra ? `${caseQuery}&${extra}` : caseQuery || (extra ? `?${extra}` : '');
    await this.page.goto(`/${query}`);
    await this.waitForImage(0);
    await this.waitForTools(0);
    await expect(this.page.getByTestId('findings')).toBeVisible();
  }

  toggle(): Locator {
    return this.page.getByTestId('quiz-toggle');
  }

  panel(): Locator {
    return this.page.getByTestId('quiz-panel');
  }

  /** "Question 2 / 11", "Finished", "Review". */
  progressLine(): Locator {
    return this.page.getByTestId('quiz-progress');
  }

  feedback(): Locator {
    return this.page.getByTestId('quiz-feedback');
  }

  verdict(): Locator {
    return this.page.getByTestId('quiz-verdict');
  }

  /** Opens the quiz with its key and waits for the panel. */
  async openQuiz(): Promise<void> {
    await expect(this.toggle()).toBeVisible();
    await this.page.keyboard.press('q');
    await expect(this.panel()).toBeVisible();
  }

  /** Waits until question `n` (1-based) of `total` is on screen. */
  async waitForQuestion(n: number, total: number): Promise<void> {
    await expect(this.progressLine()).toHaveText(`Question ${n} / ${total}`);
  }

  /** Next question (or the score). */
  async next(): Promise<void> {
    await this.page.getByTestId('quiz-next').click();
  }

  /** Chooses options and submits. */
  async choose(optionIds: readonly string[]): Promise<void> {
    for (const id of optionIds) await this.page.getByTestId(`quiz-option-${id}`).check();
    await this.page.getByTestId('quiz-submit').click();
    await expect(this.feedback()).toBeVisible();
  }

  /** Clicks a patient point on viewport 0 (a click, not a drag) and waits for the feedback. */
  async clickAnswer(point: WorldPoint): Promise<void> {
    await this.clickWorld(0, point);
    await expect(this.feedback()).toBeVisible();
  }

  /**
   * Draws a circular ROI on viewport 0 (the question selects the Ellipse ROI tool) of the given radius
   * around a patient point, waits for its statistics, and presses Check.
   */
  async measureAt(centre: WorldPoint, radiusMm: number): Promise<void> {
    const [x, y, z] = centre;
    const before = (await this.measurements()).length;
    // Cornerstone's ellipse is drawn from its centre out: the drag's end sets the semi-axes.
    const from = await this.worldToCanvas(0, worldPoint(x, y, z));
    const to = await this.worldToCanvas(0, worldPoint(x + radiusMm, y + radiusMm, z));
    await this.dragCanvas(0, from, to);
    // Cornerstone computes the statistics after the drag: wait for the full-size ellipse.
    const area = Math.PI * radiusMm * radiusMm * 0.7;
    await expect
      .poll(async () => {
        const list = await this.measurements();
        return list.length > before ? Number(list[list.length - 1]?.areaMm2 ?? 0) : 0;
      })
      .toBeGreaterThan(area);
    await this.page.getByTestId('quiz-check').click();
    await expect(this.feedback()).toBeVisible();
  }

  /** The progress the panel stored for a learner (parsed), or null. */
  async storedProgress(learner = 'me'): Promise<QuizProgress | null> {
    return this.page.evaluate((name) => {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i) ?? '';
        if (key.startsWith('casebook:quiz:v1:') && key.endsWith(`:${encodeURIComponent(name)}`)) {
          return JSON.parse(localStorage.getItem(key) ?? 'null');
        }
      }
      return null;
    }, learner);
  }

  /** The review's (or feedback's) click markers drawn over a viewport. */
  clickMarkers(viewportIndex: number): Locator {
    return this.cell(viewportIndex).getByTestId('quiz-click-marker');
  }

  crosshair(viewportIndex: number): Locator {
    return this.cell(viewportIndex).getByTestId('quiz-crosshair');
  }

  /** Canvas position (CSS px) of a marker, as its data-x / data-y and its drawn box say. */
  async markerPosition(marker: Locator): Promise<{ data: [number, number]; drawn: [number, number] }> {
    return marker.evaluate((el: HTMLElement) => {
      const layer = el.parentElement?.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        data: [Number(el.dataset.x), Number(el.dataset.y)] as [number, number],
        drawn: [box.left - (layer?.left ?? 0), box.top - (layer?.top ?? 0)] as [number, number],
      };
    });
  }
}

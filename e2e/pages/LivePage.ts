/**
 * Page object of the live class: the teacher's Live control and session panel, the student's banner, and
 * the app's live diagnostics (`window.__casebookLive`). Waits on DOM state and diagnostics, never on time.
 */
import { type Browser, type BrowserContextOptions, expect, type Locator, type Page } from '@playwright/test';
import type { CasebookWindow } from '../../src/model/CasebookDiagnostics.ts';
import type { LiveDiagnostics } from '../../src/ui/startLive.ts';
import { TourPage } from './TourPage.ts';

type LiveWindow = CasebookWindow & { readonly __casebookLive: LiveDiagnostics };

export class LivePage extends TourPage {
  constructor(page: Page) {
    super(page);
  }

  toggle(): Locator {
    return this.page.getByTestId('live-toggle');
  }

  sessionPanel(): Locator {
    return this.page.getByTestId('live-panel');
  }

  banner(): Locator {
    return this.page.getByTestId('live-banner');
  }

  presence(): Locator {
    return this.page.getByTestId('live-presence');
  }

  /** Teacher: opens the panel, starts a session and returns the session link shown. */
  async startSession(): Promise<string> {
    await this.toggle().click();
    await this.page.getByTestId('live-start').click();
    const link = this.page.getByTestId('live-link');
    await expect(link).toContainText('#live=');
    await expect(this.page.getByTestId('live-qr').locator('svg')).toBeVisible();
    return (await link.textContent()) ?? '';
  }

  /** Student: waits for the banner to say `state` (joining, following, detached, problem). */
  async waitForBanner(state: string): Promise<void> {
    await expect(this.banner()).toHaveAttribute('data-state', state);
  }

  /** The live diagnostics' values. */
  async live(): Promise<{
    role: string;
    sessionId: string | null;
    following: boolean | null;
    seq: number | null;
  }> {
    return this.page.evaluate(() => {
      const live = (window as unknown as LiveWindow).__casebookLive;
      return { role: live.role(), sessionId: live.sessionId(), following: live.following(), seq: live.seq() };
    });
  }

  /** Sends an event through the page's own socket, as any script in the page could. */
  async emitRaw(event: string, message: unknown): Promise<void> {
    await this.page.evaluate(
      ([e, m]) => (window as unknown as LiveWindow).__casebookLive.emitRaw(e as string, m),
      [event, message] as const,
    );
  }

  /** The laser pointer's dot centre (client px) when shown, else null. */
  async pointerDot(): Promise<{ x: number; y: number } | null> {
    return this.page.evaluate(() => (window as unknown as LiveWindow).__casebookLive.pointerDot());
  }

  /** How far the dot's centre is from a canvas point of a viewport (px), or null when no dot shows. */
  async pointerDotDistance(index: number, canvas: readonly [number, number]): Promise<number | null> {
    const dot = await this.pointerDot();
    if (!dot) return null;
    const [x, y] = await this.pagePoint(index, canvas);
    return Math.hypot(dot.x - x, dot.y - y);
  }

  /** Teacher: the live quiz part of the session panel. */
  liveQuiz(): Locator {
    return this.page.getByTestId('live-quiz');
  }

  /** Teacher: asks the class a question of the case's quiz (the panel open), and waits until it is open. */
  async askTheClass(questionId: string): Promise<void> {
    if (await this.sessionPanel().isHidden()) await this.toggle().click();
    await this.page.getByTestId('live-quiz-menu').selectOption(questionId);
    await this.page.getByTestId('live-quiz-ask').click();
    await expect(this.page.getByTestId('live-quiz-open')).toHaveAttribute('data-state', 'open');
  }

  /** Teacher: how many students answered (the panel's count). */
  answered(): Locator {
    return this.page.getByTestId('live-quiz-count');
  }

  /** Student: the question card. */
  quizCard(): Locator {
    return this.page.getByTestId('live-quiz-card');
  }

  /** Student: waits for the card to say `state` (none, loading, open, sent, revealed). */
  async waitForCard(state: string): Promise<void> {
    await expect(this.quizCard()).toHaveAttribute('data-state', state);
  }

  /**
   * Teacher: the heat map canvas of a viewport at canvas points (CSS px): each point's largest alpha in a
   * 3 × 3 device-pixel square, and the canvas's devicePixelRatio.
   */
  async heatAlpha(index: number, points: ReadonlyArray<readonly [number, number]>): Promise<number[]> {
    return this.page.getByTestId(`live-heat-map-${index}`).evaluate((canvas: HTMLCanvasElement, pts) => {
      const dpr = Number(canvas.dataset.dpr ?? '1');
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      return pts.map(([x, y]) => {
        const data = context.getImageData(Math.round(x * dpr) - 1, Math.round(y * dpr) - 1, 3, 3).data;
        let alpha = 0;
        for (let i = 3; i < data.length; i += 4) alpha = Math.max(alpha, data[i] ?? 0);
        return alpha;
      });
    }, points);
  }

  /** Pointer messages this tab sent. */
  async pointerSent(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as LiveWindow).__casebookLive.pointerSent());
  }
}

/**
 * A student in a browser context of their own: opens the session link and waits until they follow the
 * teacher with an image drawn.
 * @param browser - the test's browser
 * @param link - the session link
 * @param options - the context's viewport, device pixel ratio, ...
 */
export async function openStudent(browser: Browser, link: string, options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const live = new LivePage(page);
  await page.goto(link);
  await live.waitForBanner('following');
  await live.waitForImage(0);
  return { context, page, live };
}

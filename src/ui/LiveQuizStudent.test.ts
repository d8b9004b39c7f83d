// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { LiveAnswer, LiveReply } from '../model/liveProtocol.ts';
import { captionText, LiveBanner } from './LiveBanner.ts';
import { LiveQuizStudent } from './LiveQuizStudent.ts';
import { type LiveQuizContext, Slot } from './liveHooks.ts';
import { demoQuiz, diagnosisQuestion, liveQuizContext } from './liveQuiz.testutil.ts';

const file = demoQuiz([diagnosisQuestion('Which <img src=x onerror="window.__pwned=1"> **diagnosis**?')]);

const contextOf = (): LiveQuizContext => liveQuizContext(file);

function setup(reply: LiveReply<Record<never, never>> = { ok: true }) {
  document.body.replaceChildren();
  const slot = new Slot<LiveQuizContext>();
  const sent: Array<{ round: number; answer: LiveAnswer }> = [];
  const stored = new Map<string, string>();
  const storage = {
    getItem: (k: string) => stored.get(k) ?? null,
    setItem: (k: string, v: string) => void stored.set(k, v),
    removeItem: (k: string) => void stored.delete(k),
  };
  const card = new LiveQuizStudent({
    container: document.body,
    quiz: slot,
    send: async (round, answer) => {
      sent.push({ round, answer });
      return reply;
    },
    storage,
    storageKey: 'answer',
  });
  return { card, slot, sent, stored, storage };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const choose = (id: string) => {
  const input = document.querySelector<HTMLInputElement>(`[data-testid="quiz-option-${id}"]`);
  if (!input) throw new Error(`no option ${id}`);
  input.checked = true;
  document.querySelector<HTMLButtonElement>('[data-testid="live-quiz-submit"]')?.click();
};

describe('LiveQuizStudent', () => {
  it('is hidden with no question, waits for the quiz, then shows the prompt sanitised', () => {
    const { card, slot } = setup();
    expect(card.cardState).toBe('none');
    expect(card.element.hidden).toBe(true);
    card.take({ round: 1, questionId: 'dx', revealed: false });
    expect(card.cardState).toBe('loading');
    slot.set(contextOf());
    expect(card.cardState).toBe('open');
    expect(card.element.hidden).toBe(false);
    expect(card.element.querySelector('.quiz-prompt strong')?.textContent).toBe('diagnosis');
    expect(card.element.querySelector('img')).toBeNull();
    expect(card.element.querySelector('[onerror]')).toBeNull();
  });

  it('sends the chosen options with the round, says "Answer sent", and lets the student change the answer', async () => {
    const { card, slot, sent, stored } = setup();
    slot.set(contextOf());
    card.take({ round: 3, questionId: 'dx', revealed: false });
    choose('cs');
    await settle();
    expect(sent).toEqual([{ round: 3, answer: { kind: 'choose', options: ['cs'] } }]);
    expect(card.cardState).toBe('sent');
    expect(card.element.querySelector('[data-testid="live-quiz-sent"]')?.textContent).toContain(
      'Answer sent',
    );
    expect(JSON.parse(stored.get('answer') ?? '{}')).toEqual({
      round: 3,
      answer: { kind: 'choose', options: ['cs'] },
    });
    // Still open to change.
    choose('tc');
    await settle();
    expect(sent.at(-1)).toEqual({ round: 3, answer: { kind: 'choose', options: ['tc'] } });
  });

  it("on the reveal, shows the student's own verdict and the explanation; on close, goes", async () => {
    const { card, slot } = setup();
    slot.set(contextOf());
    card.take({ round: 1, questionId: 'dx', revealed: false });
    choose('cs');
    await settle();
    card.take({ round: 1, questionId: 'dx', revealed: true });
    expect(card.cardState).toBe('revealed');
    const feedback = card.element.querySelector<HTMLElement>('[data-testid="quiz-feedback"]');
    expect(feedback?.dataset.correct).toBe('false');
    expect(feedback?.textContent).toContain('Tumoral calcinosis.');
    expect(card.element.querySelector('[data-testid="live-quiz-submit"]')).toBeNull();
    card.take(null);
    expect(card.cardState).toBe('none');
    expect(card.element.hidden).toBe(true);
  });

  it('says so when the student did not answer before the reveal', () => {
    const { card, slot } = setup();
    slot.set(contextOf());
    card.take({ round: 1, questionId: 'dx', revealed: true });
    expect(card.element.querySelector('[data-testid="quiz-verdict"]')?.textContent).toBe(
      'You did not answer this question.',
    );
  });

  it("keeps the server's refusal as text and stays open", async () => {
    const { card, slot } = setup({ ok: false, error: 'This question is closed.' });
    slot.set(contextOf());
    card.take({ round: 1, questionId: 'dx', revealed: false });
    choose('tc');
    await settle();
    expect(card.cardState).toBe('open');
    expect(card.element.querySelector('[data-testid="live-quiz-sent"]')?.textContent).toBe(
      'This question is closed.',
    );
  });

  it('knows its answer after a reload (sessionStorage), for the same round only', () => {
    const first = setup();
    first.slot.set(contextOf());
    first.stored.set('answer', JSON.stringify({ round: 2, answer: { kind: 'choose', options: ['tc'] } }));
    first.card.take({ round: 2, questionId: 'dx', revealed: false });
    expect(first.card.cardState).toBe('sent');
    expect(document.querySelector<HTMLInputElement>('[data-testid="quiz-option-tc"]')?.checked).toBe(true);
    first.card.take({ round: 3, questionId: 'dx', revealed: false });
    expect(first.card.cardState).toBe('open');
  });

  it('says so when the question is not in this page’s quiz', () => {
    const { card, slot } = setup();
    slot.set(contextOf());
    card.take({ round: 1, questionId: 'other', revealed: false });
    expect(card.cardState).toBe('unavailable');
  });
});

describe('LiveBanner tour captions', () => {
  it('names the tour and the step, and shows the caption as text only (no markup runs)', async () => {
    document.body.replaceChildren();
    const column = document.createElement('div');
    document.body.append(column);
    const banner = new LiveBanner(column, { follow: () => undefined, leave: () => undefined });
    const caption = 'Look <img src=x onerror="window.__pwned=1"> at the **left** [pubis](#finding:mass).';
    banner.setTour(1, { index: 1, count: 5, title: 'Pelvic mass', caption });
    const detail = column.querySelector('[data-testid="live-banner-detail"]');
    const text = column.querySelector('[data-testid="live-banner-caption"]');
    expect(detail?.textContent).toBe('Tour: Pelvic mass — step 2 of 5');
    expect(text?.textContent).toBe('Look <img src=x onerror="window.__pwned=1"> at the left pubis.');
    expect(column.querySelector('img')).toBeNull();
    await settle();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    banner.setTour(2, null);
    expect(detail?.textContent).toBe('Tour step 3');
    expect(text?.textContent).toBe('');
    banner.setTour(null, null);
    expect(detail?.textContent).toBe('');
  });

  it('drops Markdown marks from a caption', () => {
    expect(captionText('# Title\n\n*Note* the `level` and __this__:\n- one\n- two')).toBe(
      'Title\n\nNote the level and this:\none\ntwo',
    );
  });
});

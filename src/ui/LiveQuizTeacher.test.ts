// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { Emitter } from '../lib/Emitter.ts';
import { createStore } from '../lib/Store.ts';
import { worldPoint } from '../model/geometry.ts';
import type { LiveQuizAction, LiveQuizState, LiveReply } from '../model/liveProtocol.ts';
import type { ViewerEvents, ViewportDisplay } from '../model/ViewerController.ts';
import { initialViewState } from '../model/ViewState.ts';
import { syntheticManifest } from '../teaching/syntheticCase.testutil.ts';
import { LiveHeatMap } from './LiveHeatMap.ts';
import { answeredText, LiveQuizTeacher } from './LiveQuizTeacher.ts';
import type { LiveQuizContext } from './liveHooks.ts';
import { demoQuiz, diagnosisQuestion, liveQuizContext } from './liveQuiz.testutil.ts';

const file = demoQuiz([
  diagnosisQuestion(),
  {
    id: 'hu',
    kind: 'measure',
    prompt: 'Measure the fluid.',
    explanation: 'Water.',
    seriesKey: 'ct-axial',
    statistic: 'mean',
    range: { min: -10, max: 30 },
  },
  {
    id: 'find',
    kind: 'locate',
    prompt: 'Click the level.',
    explanation: 'There.',
    targets: ['level-1'],
    toleranceMm: 4,
    throughPlaneMm: 1,
  },
]);

/** A viewer stand-in: viewport 0 shows CT image 5 (z = 10); canvas = 10 px per mm from (-16, -16). */
function fakeViewer() {
  const events = new Emitter<ViewerEvents>();
  const display = { viewportIndex: 0, seriesKey: 'ct-axial', imageIndex: 5 };
  return {
    events,
    getDisplay: (i: number) => (i === 0 ? (display as ViewportDisplay) : null),
    worldToCanvas: (_i: number, p: readonly number[]) => [((p[0] ?? 0) + 16) * 10, ((p[1] ?? 0) + 16) * 10],
    imageToCanvas: () => null,
    getMeasurements: () => [],
    display,
  };
}

function setUp(reply?: (action: LiveQuizAction) => LiveReply<{ quiz: LiveQuizState | null }>) {
  document.body.replaceChildren();
  const stage = document.createElement('div');
  const element = document.createElement('div');
  Object.defineProperty(element, 'clientWidth', { value: 200 });
  Object.defineProperty(element, 'clientHeight', { value: 100 });
  stage.append(element);
  document.body.append(stage);
  const store = createStore(initialViewState('demo-case', 'ct-axial'));
  const viewer = fakeViewer();
  const sent: LiveQuizAction[] = [];
  let round = 0;
  const context: LiveQuizContext = { ...liveQuizContext(file, viewer), store };
  const teacher = new LiveQuizTeacher({
    quiz: context,
    viewportElement: (i) => (i === 0 ? element : undefined),
    send: async (action) => {
      sent.push(action);
      if (reply) return reply(action);
      if (action.action === 'ask') round += 1;
      const quiz =
        action.action === 'close'
          ? null
          : {
              round,
              questionId: action.action === 'ask' ? action.questionId : 'dx',
              revealed: action.action === 'reveal',
            };
      return { ok: true, quiz };
    },
  });
  document.body.append(teacher.element);
  const q = (testid: string) => teacher.element.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  return { teacher, sent, store, viewer, element, stage, q };
}

// jsdom draws nothing: no 2D context (the heat map then only counts and sizes its canvas).
HTMLCanvasElement.prototype.getContext = (() => null) as never;

describe('LiveQuizTeacher', () => {
  it('says how many of the students answered', () => {
    expect(answeredText(0, 0)).toBe('0 of 0 students answered');
    expect(answeredText(1, 1)).toBe('1 of 1 student answered');
    // A student who answered and left still counts.
    expect(answeredText(3, 2)).toBe('3 of 3 students answered');
  });

  it('asks a choose question, counts the answers in bars, marks the right option only after the reveal, closes', async () => {
    const { teacher, sent, q } = setUp();
    teacher.setStudents(3);
    await teacher.ask('dx');
    expect(sent).toEqual([{ action: 'ask', questionId: 'dx' }]);
    expect(q('live-quiz-open')?.dataset.state).toBe('open');
    expect(q('live-quiz-count')?.textContent).toBe('0 of 3 students answered');
    teacher.takeAnswers({ round: 1, complete: true, entries: [] });
    teacher.takeAnswers({
      round: 1,
      complete: false,
      entries: [{ from: 'S1', answer: { kind: 'choose', options: ['tc'] } }],
    });
    teacher.takeAnswers({
      round: 1,
      complete: false,
      entries: [{ from: 'S2', answer: { kind: 'choose', options: ['cs'] } }],
    });
    teacher.takeAnswers({
      round: 1,
      complete: false,
      entries: [{ from: 'S3', answer: { kind: 'choose', options: ['cs'] } }],
    });
    // An older round's answers are not this question's.
    teacher.takeAnswers({
      round: 0,
      complete: false,
      entries: [{ from: 'S9', answer: { kind: 'choose', options: ['tc'] } }],
    });
    expect(q('live-quiz-count')?.textContent).toBe('3 of 3 students answered');
    expect(q('live-quiz-bar-tc')?.dataset.count).toBe('1');
    expect(q('live-quiz-bar-cs')?.dataset.count).toBe('2');
    expect(q('live-quiz-bar-cs')?.textContent).toContain('2 (67%)');
    expect(q('live-quiz-bar-tc')?.dataset.correct).toBe('false');
    await teacher.reveal();
    expect(q('live-quiz-open')?.dataset.state).toBe('revealed');
    expect(q('live-quiz-bar-tc')?.dataset.correct).toBe('true');
    expect(q('live-quiz-bar-tc')?.textContent).toContain('✓ Tumoral calcinosis');
    await teacher.close();
    expect(q('live-quiz-open')?.hidden).toBe(true);
    expect(teacher.quizState).toBeNull();
  });

  it("a measure question lists the values against the range; the server's refusal is said as text", async () => {
    const { teacher, q } = setUp();
    await teacher.ask('hu');
    teacher.takeAnswers({
      round: 1,
      complete: true,
      entries: [
        { from: 'S1', answer: { kind: 'measure', value: 44 } },
        { from: 'S2', answer: { kind: 'measure', value: 12 } },
      ],
    });
    expect(q('live-quiz-results')?.textContent).toContain('1 of 2 within -10 to 30 HU');
    expect([...(q('live-quiz-values')?.children ?? [])].map((li) => li.textContent)).toEqual([
      '12.0 HU',
      '44.0 HU',
    ]);
    const refused = setUp(() => ({ ok: false, error: '<b>Only the presenter</b>' }));
    await refused.teacher.ask('dx');
    expect(refused.q('live-quiz-status')?.textContent).toBe('<b>Only the presenter</b>');
    expect(refused.q('live-quiz-status')?.querySelector('b')).toBeNull();
    expect(refused.teacher.quizState).toBeNull();
  });

  it('a locate question draws the clicks near the shown slice over the viewport and counts the others', async () => {
    const { teacher, stage, q, viewer } = setUp();
    await teacher.ask('find');
    const click = (z: number) => ({
      kind: 'locate' as const,
      image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.1.6' },
      point: [1, 2, z] as const,
    });
    teacher.takeAnswers({
      round: 1,
      complete: true,
      entries: [
        { from: 'S1', answer: click(10) },
        { from: 'S2', answer: click(10.5) },
        { from: 'S3', answer: click(6) },
      ],
    });
    const canvas = stage.querySelector<HTMLCanvasElement>('[data-testid="live-heat-map-0"]');
    expect(canvas?.dataset.on).toBe('2');
    expect(canvas?.dataset.off).toBe('1');
    expect(stage.querySelector('[data-testid="live-heat-label-0"]')?.textContent).toBe(
      '2 here · 1 off this slice',
    );
    expect(q('live-quiz-heat-text')?.textContent).toBe('Clicks on the image: 2 on this slice, 1 off it.');
    // The teacher scrolls two slices on (z = 6): the display report draws again, and the panel follows.
    viewer.display.imageIndex = 7;
    viewer.events.emit('display', viewer.display as ViewportDisplay);
    expect(canvas?.dataset.on).toBe('1');
    expect(q('live-quiz-heat-text')?.textContent).toBe('Clicks on the image: 1 on this slice, 2 off it.');
    await teacher.ask('dx');
    expect(stage.querySelector('[data-testid="live-heat-map-0"]')).toBeNull();
  });
});

describe('LiveHeatMap', () => {
  it('sizes its canvas to the viewport in device pixels (devicePixelRatio 1, 1.5, 2)', () => {
    const { viewer, element } = setUp();
    const heat = new LiveHeatMap({
      viewer: viewer as never,
      manifest: syntheticManifest,
      viewportElement: () => element,
      viewportCount: () => 1,
    });
    const locate = file.questions[2];
    if (locate?.kind !== 'locate') throw new Error('no locate question');
    for (const dpr of [1, 1.5, 2]) {
      Object.defineProperty(window, 'devicePixelRatio', { value: dpr, configurable: true });
      heat.show(locate, [
        {
          from: 'S1',
          answer: {
            kind: 'locate',
            image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.1.6' },
            point: [...worldPoint(0, 0, 10)] as [number, number, number],
          },
        },
      ]);
      const canvas = element.parentElement?.querySelector<HTMLCanvasElement>('canvas');
      expect([
        canvas?.width,
        canvas?.height,
        canvas?.style.width,
        canvas?.style.height,
        canvas?.dataset.dpr,
      ]).toEqual([200 * dpr, 100 * dpr, '200px', '100px', String(dpr)]);
    }
    heat.clear();
    expect(element.parentElement?.querySelector('canvas')).toBeNull();
    Object.defineProperty(window, 'devicePixelRatio', { value: 1, configurable: true });
  });
});

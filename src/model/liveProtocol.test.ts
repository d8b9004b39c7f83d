/**
 * The live protocol's validators: every well-formed message passes, and each malformed one is refused with
 * a sentence naming the event, the field and the problem.
 */
import { describe, expect, it } from 'vitest';
import {
  checkLiveAnswers,
  checkLiveClientMessage,
  checkLivePointer,
  checkLivePresence,
  checkLiveSnapshot,
  liveClientEventNames,
  maxMessageBytes,
  presenterKeyPattern,
  sessionIdPattern,
} from './liveProtocol.ts';

const sessionId = 'Ab3_-xYz09';
const presenterKey = 'Ab3_-xYz09Ab3_-xYz09Ab';
const view = { schemaVersion: 2, layout: '1x1', viewports: [] };
const pointer = { image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.840.1' }, point: [1.5, -2, 30] };

/** The problem of a message that must be refused. */
function problem(result: { ok: boolean; problem?: string }): string | undefined {
  expect(result.ok).toBe(false);
  return result.problem;
}

describe('client -> server messages', () => {
  it('accepts each well-formed message as it is', () => {
    const good = {
      create: { protocol: 1, caseId: 'sample-case' },
      join: { protocol: 1, sessionId, role: 'student' },
      present: { sessionId, presenterKey, view, tourStep: 3 },
      point: { sessionId, presenterKey, pointer },
      status: { sessionId, following: false },
      quiz: { sessionId, presenterKey, action: 'ask', questionId: 'q-level' },
      answer: { sessionId, round: 2, answer: { kind: 'locate', ...pointer } },
      end: { sessionId, presenterKey },
    } as const;
    expect([...liveClientEventNames].sort()).toEqual(Object.keys(good).sort());
    for (const [event, message] of Object.entries(good)) {
      expect(checkLiveClientMessage(event as keyof typeof good, message)).toEqual({
        ok: true,
        value: message,
      });
    }
    const teacher = { protocol: 1, sessionId, role: 'teacher', presenterKey };
    expect(checkLiveClientMessage('join', teacher)).toEqual({ ok: true, value: teacher });
    expect(checkLiveClientMessage('point', { sessionId, presenterKey, pointer: null }).ok).toBe(true);
    expect(checkLiveClientMessage('present', { sessionId, presenterKey, view, tourStep: null }).ok).toBe(
      true,
    );
    const tour = { index: 2, count: 12, title: 'A tour', caption: '**Look** <b>here</b>' };
    const withTour = { sessionId, presenterKey, view, tourStep: 2, tour };
    expect(checkLiveClientMessage('present', withTour)).toEqual({ ok: true, value: withTour });
    for (const action of [{ action: 'reveal' }, { action: 'close' }]) {
      const message = { sessionId, presenterKey, ...action };
      expect(checkLiveClientMessage('quiz', message)).toEqual({ ok: true, value: message });
    }
    for (const answer of [
      { kind: 'choose', options: ['a', 'c'] },
      { kind: 'measure', value: 1043.5 },
    ]) {
      const message = { sessionId, round: 0, answer };
      expect(checkLiveClientMessage('answer', message)).toEqual({ ok: true, value: message });
    }
    const tagged = { protocol: 1, sessionId, role: 'student', studentTag: 'Ab3_-xYz09Ab3_-x' };
    expect(checkLiveClientMessage('join', tagged)).toEqual({ ok: true, value: tagged });
  });

  it.each([
    ['create', 'not an object', 'create must be an object'],
    ['create', { protocol: 1 }, 'create.caseId is missing'],
    ['create', { protocol: 1, caseId: '' }, 'create.caseId must be 1 to 200 characters long'],
    ['create', { protocol: 1.5, caseId: 'c' }, 'create.protocol must be a whole number'],
    ['create', { protocol: 1, caseId: 'c', admin: true }, 'create.admin is not a known field'],
    ['join', { protocol: 1, sessionId: 'short', role: 'student' }, 'join.sessionId must be a session id'],
    [
      'join',
      { protocol: 1, sessionId: '../../etc/p', role: 'student' },
      'join.sessionId must be a session id',
    ],
    ['join', { protocol: 1, sessionId, role: 'admin' }, "join.role must be one of 'teacher', 'student'"],
    ['join', { protocol: 1, sessionId, role: 'teacher' }, 'join.presenterKey is missing (a teacher joins'],
    [
      'join',
      { protocol: 1, sessionId, role: 'teacher', presenterKey: 'x' },
      'join.presenterKey must be a presenter key',
    ],
    ['present', { sessionId, view, tourStep: null }, 'present.presenterKey is missing'],
    [
      'present',
      { sessionId, presenterKey: `${presenterKey}=`, view, tourStep: null },
      'present.presenterKey must be',
    ],
    ['present', { sessionId, presenterKey, view: [view], tourStep: null }, 'present.view must be an object'],
    ['present', { sessionId, presenterKey, view: null, tourStep: null }, 'present.view must be an object'],
    [
      'present',
      { sessionId, presenterKey, view: { layout: '1x1' }, tourStep: null },
      'present.view.schemaVersion is missing',
    ],
    [
      'present',
      { sessionId, presenterKey, view: { schemaVersion: '2' }, tourStep: null },
      'present.view.schemaVersion must be a number',
    ],
    [
      'present',
      { sessionId, presenterKey, view, tourStep: -1 },
      'present.tourStep must be a whole number from 0',
    ],
    ['present', { sessionId, presenterKey, view }, 'present.tourStep is missing'],
    [
      'point',
      { sessionId, presenterKey, pointer: { ...pointer, point: [1, 2] } },
      'point.pointer.point must be a list of 3 items',
    ],
    [
      'point',
      { sessionId, presenterKey, pointer: { ...pointer, point: [1, 2, Number.NaN] } },
      'point.pointer.point[2] must be a number',
    ],
    ['point', { sessionId, presenterKey, pointer: { point: [1, 2, 3] } }, 'point.pointer.image is missing'],
    ['point', { sessionId, presenterKey }, 'point.pointer is missing'],
    ['status', { sessionId, following: 'yes' }, "status.following must be true or false, not 'yes'"],
    ['status', { following: true }, 'status.sessionId is missing'],
    [
      'present',
      { sessionId, presenterKey, view, tourStep: 1, tour: { index: 3, count: 2, title: '', caption: '' } },
      'present.tour.index must be less than count',
    ],
    [
      'present',
      {
        sessionId,
        presenterKey,
        view,
        tourStep: 1,
        tour: { index: 0, count: 2, title: 'x'.repeat(4001), caption: '' },
      },
      'present.tour.title must be at most 4000 characters long',
    ],
    [
      'quiz',
      { sessionId, presenterKey, action: 'grade' },
      "quiz.action must be one of 'ask', 'reveal', 'close'",
    ],
    ['quiz', { sessionId, presenterKey, action: 'ask' }, 'quiz.questionId is missing'],
    ['quiz', { sessionId, action: 'reveal' }, 'quiz.presenterKey is missing'],
    [
      'quiz',
      { sessionId, presenterKey, action: 'reveal', questionId: 'q' },
      'quiz.questionId is not a known field',
    ],
    [
      'answer',
      { sessionId, round: 1, answer: { kind: 'guess' } },
      "answer.answer.kind must be one of 'locate', 'choose', 'measure'",
    ],
    [
      'answer',
      { sessionId, round: 1, answer: { kind: 'choose', options: [''] } },
      'answer.answer.options[0] must be 1 to 200',
    ],
    [
      'answer',
      {
        sessionId,
        round: 1,
        answer: { kind: 'choose', options: Array.from({ length: 51 }, (_, i) => `o${i}`) },
      },
      'answer.answer.options must name at most 50 options',
    ],
    [
      'answer',
      { sessionId, round: 1, answer: { kind: 'measure', value: Number.POSITIVE_INFINITY } },
      'answer.answer.value must be a number',
    ],
    [
      'answer',
      { sessionId, round: -1, answer: { kind: 'measure', value: 1 } },
      'answer.round must be a whole number of at least 0',
    ],
    [
      'answer',
      { sessionId, round: 1, answer: { kind: 'locate', image: pointer.image, point: [1, 2, 3], extra: 1 } },
      'answer.answer.extra is not a known field',
    ],
    [
      'join',
      { protocol: 1, sessionId, role: 'student', studentTag: 'short' },
      'join.studentTag must be a student tag',
    ],
    ['end', { sessionId }, 'end.presenterKey is missing'],
  ] as const)('%s %j is refused: %s', (event, message, expected) => {
    expect(problem(checkLiveClientMessage(event, message))).toContain(expected);
  });

  it('refuses a message over the size limit, counting UTF-8 bytes, and one that is not JSON', () => {
    const at = (text: string) => ({
      sessionId,
      presenterKey,
      view: { schemaVersion: 2, text },
      tourStep: null,
    });
    const overhead = JSON.stringify(at('')).length;
    expect(checkLiveClientMessage('present', at('x'.repeat(maxMessageBytes - overhead))).ok).toBe(true);
    expect(problem(checkLiveClientMessage('present', at('x'.repeat(maxMessageBytes - overhead + 1))))).toBe(
      `present: is ${maxMessageBytes + 1} bytes, more than the limit of ${maxMessageBytes}`,
    );
    // 'é' is 2 bytes of UTF-8: half as many characters already pass the limit.
    expect(checkLiveClientMessage('present', at('é'.repeat((maxMessageBytes - overhead) / 2 + 1))).ok).toBe(
      false,
    );
    const cyclic: Record<string, unknown> = { sessionId };
    cyclic.self = cyclic;
    expect(problem(checkLiveClientMessage('status', cyclic))).toBe('status: is not JSON');
    expect(problem(checkLiveClientMessage('status', undefined))).toBe('status: is not JSON');
  });

  it('id patterns: exactly the lengths a CSPRNG token in base64url has', () => {
    expect(sessionIdPattern.test(sessionId)).toBe(true);
    expect(sessionIdPattern.test(`${sessionId}a`)).toBe(false);
    expect(presenterKeyPattern.test(presenterKey)).toBe(true);
    expect(presenterKeyPattern.test(presenterKey.replace('_', '/'))).toBe(false);
  });
});

describe('server -> client messages', () => {
  it('snapshot', () => {
    const snapshot = { seq: 4, view, tourStep: null, tour: null, quiz: null };
    expect(checkLiveSnapshot(snapshot)).toEqual({ ok: true, value: snapshot });
    expect(checkLiveSnapshot({ ...snapshot, seq: 0, view: null }).ok).toBe(true);
    const asking = { ...snapshot, quiz: { round: 3, questionId: 'q-level', revealed: false } };
    expect(checkLiveSnapshot(asking)).toEqual({ ok: true, value: asking });
    expect(problem(checkLiveSnapshot({ ...snapshot, quiz: { round: 3, questionId: 'q' } }))).toContain(
      'snapshot.quiz.revealed is missing',
    );
    expect(problem(checkLiveSnapshot({ seq: -1, view, tourStep: null }))).toContain(
      'snapshot.seq must be a whole number',
    );
    expect(problem(checkLiveSnapshot({ seq: 1, view: 'v', tourStep: null }))).toContain(
      'snapshot.view must be an object',
    );
    expect(problem(checkLiveSnapshot({ seq: 1, view }))).toContain('snapshot.tourStep is missing');
  });

  it('answers', () => {
    const answers = {
      round: 2,
      complete: true,
      entries: [
        { from: 'S1', answer: { kind: 'locate', ...pointer } },
        { from: 'S2', answer: { kind: 'choose', options: ['b'] } },
      ],
    };
    expect(checkLiveAnswers(answers)).toEqual({ ok: true, value: answers });
    expect(
      problem(checkLiveAnswers({ ...answers, entries: [{ from: 'S1', answer: { kind: 'x' } }] })),
    ).toContain('answers.entries[0].answer.kind must be one of');
    // The full list after a teacher rejoins may pass the per-message limit of a client's message.
    const many = Array.from({ length: 800 }, (_, i) => ({
      from: `S${i}`,
      answer: { kind: 'locate', ...pointer },
    }));
    expect(JSON.stringify(many).length).toBeGreaterThan(maxMessageBytes);
    expect(checkLiveAnswers({ ...answers, entries: many }).ok).toBe(true);
  });

  it('pointer', () => {
    expect(checkLivePointer(pointer)).toEqual({ ok: true, value: pointer });
    expect(checkLivePointer(null)).toEqual({ ok: true, value: null });
    expect(problem(checkLivePointer({ ...pointer, point: [0, 0, '1'] }))).toContain(
      'pointer.point[2] must be a number',
    );
    expect(problem(checkLivePointer({ ...pointer, image: { seriesKey: 'a' } }))).toContain(
      'pointer.image.SOPInstanceUID is missing',
    );
  });

  it('presence', () => {
    const presence = { students: 3, following: 2, detached: 1 };
    expect(checkLivePresence(presence)).toEqual({ ok: true, value: presence });
    expect(problem(checkLivePresence({ ...presence, students: 1.5 }))).toContain(
      'presence.students must be a whole number',
    );
    expect(problem(checkLivePresence({ students: 1, following: 1 }))).toContain(
      'presence.detached is missing',
    );
  });
});

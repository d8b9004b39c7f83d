/**
 * The session server's live quiz, the teacher's end of a session and the room and connection caps, over
 * real sockets on 127.0.0.1 (see liveTestKit.ts).
 */
import { describe, expect, it } from 'vitest';
import type { LiveAnswers, LiveSnapshot } from '../src/model/liveProtocol.ts';
import { client, createSession, next, record, start, student } from './liveTestKit.ts';
import {
  answerRefusalMessages,
  roomFullMessage,
  sessionEndedByTeacherMessage,
  sessionGoneMessage,
} from './sessionServer.ts';

const image = { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.4' };
const locate = (x: number) => ({ kind: 'locate', image, point: [x, 20, -27.5] }) as const;

describe('live quiz', () => {
  it('asks, collects one answer per student, shows them to the teacher, reveals and closes', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    const b = await student(harness, sessionId);
    const answers = record<LiveAnswers>(teacher, 'answers');

    const asked = next<LiveSnapshot>(a.socket, 'snapshot');
    const reply = await teacher.emitWithAck('quiz', {
      sessionId,
      presenterKey,
      action: 'ask',
      questionId: 'q-locate-level',
    });
    expect(reply).toEqual({ ok: true, quiz: { round: 1, questionId: 'q-locate-level', revealed: false } });
    expect((await asked).quiz).toEqual({ round: 1, questionId: 'q-locate-level', revealed: false });
    await expect.poll(() => answers.at(-1)).toEqual({ round: 1, complete: true, entries: [] });

    expect(await a.socket.emitWithAck('answer', { sessionId, round: 1, answer: locate(10) })).toEqual({
      ok: true,
    });
    expect(await b.socket.emitWithAck('answer', { sessionId, round: 1, answer: locate(40) })).toEqual({
      ok: true,
    });
    // A changed answer replaces the student's earlier one (same tag for the teacher).
    expect(await a.socket.emitWithAck('answer', { sessionId, round: 1, answer: locate(12) })).toEqual({
      ok: true,
    });
    await expect.poll(() => answers.length).toBe(4);
    expect(answers.slice(1)).toEqual([
      { round: 1, complete: false, entries: [{ from: 'S1', answer: locate(10) }] },
      { round: 1, complete: false, entries: [{ from: 'S2', answer: locate(40) }] },
      { round: 1, complete: false, entries: [{ from: 'S1', answer: locate(12) }] },
    ]);
    expect(harness.server.stats().answered).toBe(3);

    // An answer to another round is refused with a sentence.
    expect(await a.socket.emitWithAck('answer', { sessionId, round: 0, answer: locate(1) })).toEqual({
      ok: false,
      error: answerRefusalMessages['other-round'],
    });

    const revealed = next<LiveSnapshot>(b.socket, 'snapshot');
    const reveal = await teacher.emitWithAck('quiz', { sessionId, presenterKey, action: 'reveal' });
    expect(reveal.quiz).toEqual({ round: 1, questionId: 'q-locate-level', revealed: true });
    expect((await revealed).quiz?.revealed).toBe(true);
    expect(await b.socket.emitWithAck('answer', { sessionId, round: 1, answer: locate(2) })).toEqual({
      ok: false,
      error: answerRefusalMessages.revealed,
    });

    const closed = next<LiveSnapshot>(a.socket, 'snapshot');
    expect(await teacher.emitWithAck('quiz', { sessionId, presenterKey, action: 'close' })).toEqual({
      ok: true,
      quiz: null,
    });
    expect((await closed).quiz).toBeNull();
    expect(await a.socket.emitWithAck('answer', { sessionId, round: 1, answer: locate(3) })).toEqual({
      ok: false,
      error: answerRefusalMessages.closed,
    });
    // The next question is round 2, with no answers yet.
    const again = await teacher.emitWithAck('quiz', {
      sessionId,
      presenterKey,
      action: 'ask',
      questionId: 'q-choose',
    });
    expect(again.quiz.round).toBe(2);
    await expect.poll(() => answers.at(-1)).toEqual({ round: 2, complete: true, entries: [] });
  });

  it('a student who reloads with the same tag keeps one answer; a resumed teacher gets them all', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    await teacher.emitWithAck('quiz', { sessionId, presenterKey, action: 'ask', questionId: 'q' });
    const studentTag = 'Tag_0123456789ab';
    const join = { protocol: 1, sessionId, role: 'student', studentTag };
    const first = await client(harness);
    expect((await first.emitWithAck('join', join)).ok).toBe(true);
    const choose = { kind: 'choose', options: ['b'] };
    await first.emitWithAck('answer', { sessionId, round: 1, answer: choose });
    first.disconnect();
    const reloaded = await client(harness);
    const joined = await reloaded.emitWithAck('join', join);
    expect(joined.snapshot.quiz).toEqual({ round: 1, questionId: 'q', revealed: false });
    const changed = { kind: 'choose', options: ['c'] };
    await reloaded.emitWithAck('answer', { sessionId, round: 1, answer: changed });
    const other = await student(harness, sessionId);
    await other.socket.emitWithAck('answer', { sessionId, round: 1, answer: choose });

    teacher.disconnect();
    const resumed = await client(harness);
    const all = next<LiveAnswers>(resumed, 'answers');
    await resumed.emitWithAck('join', { protocol: 1, sessionId, role: 'teacher', presenterKey });
    expect(await all).toEqual({
      round: 1,
      complete: true,
      entries: [
        { from: 'S1', answer: changed },
        { from: 'S2', answer: choose },
      ],
    });
  });

  it('refuses quiz actions without the key and answers from a teacher or a stranger', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    const snapshots = record<LiveSnapshot>(a.socket, 'snapshot');
    const forged = await a.socket.emitWithAck('quiz', {
      sessionId,
      presenterKey: 'A'.repeat(22),
      action: 'ask',
      questionId: 'q',
    });
    expect(forged.ok).toBe(false);
    expect(harness.server.stats().forged).toBe(1);
    expect((await teacher.emitWithAck('quiz', { sessionId, presenterKey, action: 'reveal' })).error).toMatch(
      /No question is open/,
    );
    await teacher.emitWithAck('quiz', { sessionId, presenterKey, action: 'ask', questionId: 'q' });
    const fromTeacher = await teacher.emitWithAck('answer', { sessionId, round: 1, answer: locate(1) });
    expect(fromTeacher.ok).toBe(false);
    const stranger = await client(harness);
    expect((await stranger.emitWithAck('answer', { sessionId, round: 1, answer: locate(1) })).ok).toBe(false);
    // Only the teacher's ask reached the student.
    await expect.poll(() => snapshots.length).toBe(1);
    expect(snapshots[0]?.quiz?.questionId).toBe('q');
  });
});

describe('ending and caps', () => {
  it("the teacher's end closes the room for everyone; the link stops working", async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    const endedA = next<string>(a.socket, 'ended');
    const endedT = next<string>(teacher, 'ended');
    // A student cannot end it.
    a.socket.emit('end', { sessionId, presenterKey: 'B'.repeat(22) });
    teacher.emit('end', { sessionId, presenterKey });
    expect(await endedA).toBe(sessionEndedByTeacherMessage);
    expect(await endedT).toBe(sessionEndedByTeacherMessage);
    expect(harness.server.stats().forged).toBe(1);
    const late = await client(harness);
    expect(await late.emitWithAck('join', { protocol: 1, sessionId, role: 'student' })).toEqual({
      ok: false,
      error: sessionGoneMessage,
      code: 'gone',
    });
  });

  it('refuses a student beyond the room cap and a connection beyond the server cap', async () => {
    const harness = await start({ maxStudentsPerRoom: 2, maxConnections: 4 });
    const { sessionId } = await createSession(harness);
    await student(harness, sessionId);
    const second = await student(harness, sessionId);
    const third = await client(harness);
    expect(await third.emitWithAck('join', { protocol: 1, sessionId, role: 'student' })).toEqual({
      ok: false,
      error: roomFullMessage,
    });
    // Four connections now (teacher, two students, the refused one): a fifth handshake is refused.
    await expect(client(harness, { reconnection: false })).rejects.toThrow();
    expect(harness.server.stats().refusedFull).toBe(2);
    // A place freed is a place taken.
    second.socket.disconnect();
    await expect
      .poll(async () => (await third.emitWithAck('join', { protocol: 1, sessionId, role: 'student' })).ok)
      .toBe(true);
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { LivePresence, LiveSnapshot } from '../model/liveProtocol.ts';
import {
  LiveClient,
  type LiveClientHandlers,
  type LiveSocket,
  noAnswerMessage,
  staticCopyMessage,
} from './liveClient.ts';

const sessionId = 'abcDEF_-12';
const presenterKey = 'K'.repeat(22);
const view = { schemaVersion: 2, caseId: 'demo' };

/** A socket.io socket stand-in: the test plays the server. */
class FakeSocket implements LiveSocket {
  connected = false;
  url = '';
  readonly emitted: Array<{ event: string; message: unknown }> = [];
  /** Answers an acknowledged emit: a reply, or undefined to let it time out. */
  answer: (event: string, message: unknown) => unknown = () => undefined;
  disconnected = false;
  private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();

  on(event: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, message: args[0] });
    return this;
  }
  timeout(_ms: number) {
    return {
      emit: (event: string, message: unknown, ack: (error: unknown, reply: unknown) => void) => {
        this.emitted.push({ event, message });
        const reply = this.answer(event, message);
        queueMicrotask(() =>
          reply === undefined ? ack(new Error('operation has timed out'), undefined) : ack(null, reply),
        );
      },
    };
  }
  disconnect(): this {
    this.disconnected = true;
    this.connected = false;
    return this;
  }
  /** The server side: fires an event at the client. */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  connect(): void {
    this.connected = true;
    this.fire('connect');
  }
}

async function setUp(
  handlers: LiveClientHandlers = {},
  options: { caseId?: string; resumeWaitMs?: number } = {},
) {
  const socket = new FakeSocket();
  const client = await LiveClient.connect('http://127.0.0.1:4173', handlers, {
    factory: (url) => {
      socket.url = url;
      return socket;
    },
    ackTimeoutMs: 50,
    ...options,
  });
  return { socket, client };
}

const snapshotOf = (seq: number): LiveSnapshot => ({
  seq,
  view: view as never,
  tourStep: null,
  tour: null,
  quiz: null,
});

describe('LiveClient', () => {
  it('connects to the /live namespace of the origin given', async () => {
    const { socket } = await setUp();
    expect(socket.url).toBe('http://127.0.0.1:4173/live');
  });

  it('create: waits for the connection and returns the session id and presenter key', async () => {
    const { socket, client } = await setUp();
    socket.answer = () => ({ ok: true, sessionId, presenterKey });
    const created = client.create('demo');
    socket.connect();
    expect(await created).toEqual({ ok: true, sessionId, presenterKey });
    expect(socket.emitted[0]).toEqual({ event: 'create', message: { protocol: 1, caseId: 'demo' } });
    // Joined as the presenter: present sends the key.
    expect(client.present(view as never, 3)).toBe(true);
    expect(socket.emitted[1]).toEqual({
      event: 'present',
      message: { sessionId, presenterKey, view, tourStep: 3, tour: null },
    });
  });

  it('no server answers (a static copy): says so and stops retrying', async () => {
    const states: string[] = [];
    const { socket, client } = await setUp({ onConnection: (s) => states.push(s) });
    const created = client.create('demo');
    socket.fire('connect_error', new Error('websocket error'));
    expect(await created).toEqual({ ok: false, error: staticCopyMessage });
    expect(socket.disconnected).toBe(true);
    expect(states).toEqual(['connecting', 'unavailable']);
    expect(staticCopyMessage).toBe(
      'Live sessions need the casebook server (npm start or npm run serve); this copy is static.',
    );
  });

  it('an acknowledgement that does not come in time becomes a sentence', async () => {
    const { socket, client } = await setUp();
    socket.connect();
    expect(await client.join(sessionId)).toEqual({ ok: false, error: noAnswerMessage });
  });

  it("the server's refusal is passed on as its sentence; a malformed reply is dropped and counted", async () => {
    const { socket, client } = await setUp();
    socket.connect();
    socket.answer = () => ({ ok: false, error: 'This live session has ended or the server restarted' });
    expect(await client.join(sessionId)).toEqual({
      ok: false,
      error: 'This live session has ended or the server restarted',
    });
    socket.answer = () => ({ ok: true, sessionId: 'short', presenterKey });
    const bad = await client.create('demo');
    expect(bad.ok).toBe(false);
    expect(client.invalidMessages).toBe(1);
    // Not joined as teacher: nothing is presented.
    expect(client.present(view as never, null)).toBe(false);
  });

  it('validates server messages: invalid ones are dropped and counted, never passed on', async () => {
    const snapshots: LiveSnapshot[] = [];
    const presences: LivePresence[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { socket, client } = await setUp({
      onSnapshot: (s) => snapshots.push(s),
      onPresence: (p) => presences.push(p),
    });
    socket.connect();
    socket.fire('snapshot', snapshotOf(4));
    socket.fire('snapshot', { seq: -1, view, tourStep: null });
    socket.fire('snapshot', { seq: 5, view: 'x'.repeat(40_000), tourStep: null });
    socket.fire('snapshot', '<img src=x onerror=alert(1)>');
    socket.fire('presence', { students: 2, following: 1, detached: 1 });
    socket.fire('presence', { students: 'two' });
    socket.fire('ended', { html: '<b>' });
    expect(snapshots.map((s) => s.seq)).toEqual([4]);
    expect(presences).toEqual([{ students: 2, following: 1, detached: 1 }]);
    expect(client.invalidMessages).toBe(5);
    warn.mockRestore();
  });

  it('joins again after every reconnection and hands on the room snapshot as a resync', async () => {
    const received: Array<[number, boolean]> = [];
    const { socket, client } = await setUp({ onSnapshot: (s, resync) => received.push([s.seq, resync]) });
    let seq = 7;
    socket.answer = (event) =>
      event === 'join' ? { ok: true, caseId: 'demo', snapshot: snapshotOf(seq) } : undefined;
    socket.connect();
    const joined = await client.join(sessionId);
    expect(joined.ok && joined.snapshot.seq).toBe(7);
    socket.fire('snapshot', snapshotOf(8));
    socket.fire('disconnect', 'transport close');
    seq = 0;
    socket.connect();
    await vi.waitFor(() =>
      expect(received).toEqual([
        [8, false],
        [0, true],
      ]),
    );
    const joins = socket.emitted.filter((e) => e.event === 'join');
    expect(joins).toHaveLength(2);
    expect(joins[1]?.message).toEqual({ protocol: 1, sessionId, role: 'student' });
    client.status(false);
    expect(socket.emitted.at(-1)).toEqual({ event: 'status', message: { sessionId, following: false } });
  });

  it("after a reconnection 'connected' comes once the rejoin is answered; a student waits for a lost session", async () => {
    const states: string[] = [];
    const ended: string[] = [];
    const { socket, client } = await setUp(
      { onConnection: (state) => states.push(state), onEnded: (reason) => ended.push(reason) },
      { resumeWaitMs: 60_000 },
    );
    let gone = false;
    socket.answer = (event) =>
      event !== 'join'
        ? undefined
        : gone
          ? { ok: false, error: 'This live session has ended or the server restarted', code: 'gone' }
          : { ok: true, caseId: 'demo', snapshot: snapshotOf(1) };
    socket.connect();
    await client.join(sessionId, undefined, 'Tag_0123456789ab');
    expect(states).toEqual(['connecting', 'connected']);
    socket.fire('disconnect', 'transport close');
    gone = true;
    vi.useFakeTimers();
    try {
      socket.connect();
      await vi.waitFor(() => expect(states.at(-1)).toBe('waiting'));
      // The teacher opens the session again: the next try joins.
      gone = false;
      await vi.advanceTimersByTimeAsync(2100);
      expect(states.slice(2)).toEqual(['reconnecting', 'waiting', 'connected']);
      expect(ended).toEqual([]);
      const joins = socket.emitted.filter((e) => e.event === 'join').map((e) => e.message);
      expect(joins.at(-1)).toEqual({
        protocol: 1,
        sessionId,
        role: 'student',
        studentTag: 'Tag_0123456789ab',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a student gives up on a lost session after the wait; a teacher at once', async () => {
    const ended: string[] = [];
    const { socket, client } = await setUp({ onEnded: (reason) => ended.push(reason) }, { resumeWaitMs: 0 });
    let gone = false;
    socket.answer = () =>
      gone
        ? { ok: false, error: 'gone for good', code: 'gone' }
        : { ok: true, caseId: 'demo', snapshot: snapshotOf(1) };
    socket.connect();
    await client.join(sessionId);
    socket.fire('disconnect', 'transport close');
    gone = true;
    socket.connect();
    await vi.waitFor(() => expect(ended).toEqual(['gone for good']));
  });

  it("the teacher's rejoin names the case, so a restarted server can open the room again", async () => {
    const { socket, client } = await setUp({}, { caseId: 'demo' });
    socket.answer = () => ({ ok: true, caseId: 'demo', snapshot: snapshotOf(3) });
    socket.connect();
    await client.join(sessionId, presenterKey);
    socket.fire('disconnect', 'transport close');
    socket.connect();
    await vi.waitFor(() => expect(socket.emitted.filter((e) => e.event === 'join')).toHaveLength(2));
    expect(socket.emitted.at(-1)?.message).toEqual({
      protocol: 1,
      sessionId,
      role: 'teacher',
      presenterKey,
      caseId: 'demo',
    });
  });

  it('quiz, answer and end: only in their role, with their messages; answers from the server are checked', async () => {
    const answers: unknown[] = [];
    const teacher = await setUp({ onAnswers: (a) => answers.push(a) });
    teacher.socket.answer = (event) =>
      event === 'quiz'
        ? { ok: true, quiz: { round: 1, questionId: 'q', revealed: false } }
        : { ok: true, caseId: 'demo', snapshot: snapshotOf(3) };
    teacher.socket.connect();
    expect((await teacher.client.quiz({ action: 'reveal' })).ok, 'not joined').toBe(false);
    await teacher.client.join(sessionId, presenterKey);
    expect(await teacher.client.quiz({ action: 'ask', questionId: 'q' })).toEqual({
      ok: true,
      quiz: { round: 1, questionId: 'q', revealed: false },
    });
    expect(teacher.socket.emitted.at(-1)).toEqual({
      event: 'quiz',
      message: { sessionId, presenterKey, action: 'ask', questionId: 'q' },
    });
    expect((await teacher.client.answer(1, { kind: 'measure', value: 3 })).ok, 'a teacher').toBe(false);
    const entry = { from: 'S1', answer: { kind: 'choose', options: ['a'] } };
    teacher.socket.fire('answers', { round: 1, complete: false, entries: [entry] });
    teacher.socket.fire('answers', {
      round: 1,
      complete: false,
      entries: [{ from: 'S1', answer: { kind: '?' } }],
    });
    expect(answers).toEqual([{ round: 1, complete: false, entries: [entry] }]);
    teacher.client.end();
    expect(teacher.socket.emitted.at(-1)).toEqual({ event: 'end', message: { sessionId, presenterKey } });
    // It leaves once the server says the session ended (a disconnect right behind `end` would lose it).
    expect(teacher.socket.disconnected).toBe(false);
    expect(teacher.client.point(null), 'nothing more is sent as presenter').toBe(false);
    teacher.socket.fire('ended', 'The teacher ended this live session');
    expect(teacher.socket.disconnected).toBe(true);

    const student = await setUp();
    student.socket.answer = (event) =>
      event === 'answer'
        ? { ok: false, error: 'The teacher closed this question' }
        : { ok: true, caseId: 'demo', snapshot: snapshotOf(3) };
    student.socket.connect();
    await student.client.join(sessionId);
    expect(await student.client.answer(1, { kind: 'measure', value: 3 })).toEqual({
      ok: false,
      error: 'The teacher closed this question',
    });
    expect(student.socket.emitted.at(-1)).toEqual({
      event: 'answer',
      message: { sessionId, round: 1, answer: { kind: 'measure', value: 3 } },
    });
    expect((await student.client.quiz({ action: 'close' })).ok, 'a student').toBe(false);
  });

  it('the teacher rejoins with the presenter key', async () => {
    const { socket, client } = await setUp();
    socket.answer = () => ({ ok: true, caseId: 'demo', snapshot: snapshotOf(3) });
    socket.connect();
    await client.join(sessionId, presenterKey);
    expect(socket.emitted[0]?.message).toEqual({ protocol: 1, sessionId, role: 'teacher', presenterKey });
    // A student never sends status as a teacher would not.
    client.status(true);
    expect(socket.emitted.filter((e) => e.event === 'status')).toHaveLength(0);
  });

  it("the laser pointer: a teacher's point carries the key; a student sends none; pointers from the server are checked", async () => {
    const pointers: unknown[] = [];
    const { socket, client } = await setUp({ onPointer: (p) => pointers.push(p) });
    socket.answer = () => ({ ok: true, caseId: 'demo', snapshot: snapshotOf(3) });
    socket.connect();
    const pointer = { image: { seriesKey: 'ct', SOPInstanceUID: '1.2.3' }, point: [1, -2, 3.5] as const };
    expect(client.point(pointer), 'not joined yet').toBe(false);
    await client.join(sessionId);
    expect(client.point(pointer), 'a student').toBe(false);
    socket.fire('pointer', pointer);
    socket.fire('pointer', null);
    socket.fire('pointer', { image: { seriesKey: 'ct' }, point: [1, 2, 3] });
    socket.fire('pointer', { image: { seriesKey: 'ct', SOPInstanceUID: '1' }, point: [1, 'x', 3] });
    expect(pointers).toEqual([pointer, null]);
    expect(client.invalidMessages).toBe(2);

    const teacher = await setUp();
    teacher.socket.answer = () => ({ ok: true, caseId: 'demo', snapshot: snapshotOf(3) });
    teacher.socket.connect();
    await teacher.client.join(sessionId, presenterKey);
    expect(teacher.client.point(pointer)).toBe(true);
    expect(teacher.client.point(null)).toBe(true);
    expect(teacher.socket.emitted.filter((e) => e.event === 'point').map((e) => e.message)).toEqual([
      { sessionId, presenterKey, pointer },
      { sessionId, presenterKey, pointer: null },
    ]);
  });
});

/**
 * The session server over real sockets on 127.0.0.1 with socket.io-client in Node: rooms and snapshots,
 * the presenter key, validation and size limits, presence, reconnection and expiry (floods:
 * sessionFlood.test.ts; the live quiz and caps: liveQuizServer.test.ts).
 */
import { createServer } from 'node:http';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import {
  type LivePresence,
  type LiveSnapshot,
  liveNamespace,
  maxMessageBytes,
} from '../src/model/liveProtocol.ts';
import { client, createSession, next, open, record, roundTrip, start, student, view } from './liveTestKit.ts';
import {
  attachSessionServer,
  sessionExpiredMessage,
  sessionGoneMessage,
  tooManySessionsMessage,
} from './sessionServer.ts';

describe('session server', () => {
  it('gives joiners the snapshot, broadcasts presenter updates with seq+1, and late joiners the latest', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    const b = await student(harness, sessionId);
    expect(a.snapshot).toEqual({ seq: 0, view: null, tourStep: null, tour: null, quiz: null });
    expect(b.snapshot).toEqual({ seq: 0, view: null, tourStep: null, tour: null, quiz: null });

    const teacherEcho = record(teacher, 'snapshot');
    const gotA = next<LiveSnapshot>(a.socket, 'snapshot');
    const gotB = next<LiveSnapshot>(b.socket, 'snapshot');
    teacher.emit('present', { sessionId, presenterKey, view: view(7), tourStep: 2 });
    expect(await gotA).toEqual({ seq: 1, view: view(7), tourStep: 2, tour: null, quiz: null });
    expect(await gotB).toEqual({ seq: 1, view: view(7), tourStep: 2, tour: null, quiz: null });

    teacher.emit('present', { sessionId, presenterKey, view: view(9), tourStep: null });
    expect(await next<LiveSnapshot>(a.socket, 'snapshot')).toMatchObject({ seq: 2, view: view(9) });
    const late = await student(harness, sessionId);
    expect(late.snapshot).toEqual({ seq: 2, view: view(9), tourStep: null, tour: null, quiz: null });
    expect(teacherEcho).toEqual([]);
    expect(harness.server.stats()).toMatchObject({ presented: 2, forged: 0, invalid: 0, rooms: 1 });
  });

  it('sends the pointer to students, and the last one to a student who joins later', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    const pointer = { image: { seriesKey: 'ct', SOPInstanceUID: '1.2.3' }, point: [10, -20.5, 30] };
    const got = next(a.socket, 'pointer');
    teacher.emit('point', { sessionId, presenterKey, pointer });
    expect(await got).toEqual(pointer);
    const late = await client(harness);
    const lateGot = next(late, 'pointer');
    await late.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
    expect(await lateGot).toEqual(pointer);
  });

  it('rejects and counts forged presenter messages, and nobody receives them', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    const b = await student(harness, sessionId);
    const seenA = record<LiveSnapshot>(a.socket, 'snapshot');
    const seenB = record<LiveSnapshot>(b.socket, 'snapshot');
    const pointers = record(b.socket, 'pointer');
    const guess = 'A'.repeat(22);
    const wrongByOne = `${presenterKey.slice(0, 21)}${presenterKey.endsWith('A') ? 'B' : 'A'}`;
    a.socket.emit('present', { sessionId, view: view(66), tourStep: null });
    a.socket.emit('present', { sessionId, presenterKey: guess, view: view(66), tourStep: null });
    a.socket.emit('present', { sessionId, presenterKey: wrongByOne, view: view(66), tourStep: null });
    a.socket.emit('point', { sessionId, presenterKey: guess, pointer: null });
    const teacherJoin = await a.socket.emitWithAck('join', {
      protocol: 1,
      sessionId,
      role: 'teacher',
      presenterKey: wrongByOne,
    });
    expect(teacherJoin).toEqual({ ok: false, error: 'This presenter key does not open this live session' });
    await roundTrip(b.socket);
    // The present without a key does not validate (invalid); the other three and the join are forged.
    expect(harness.server.stats()).toMatchObject({ forged: 4, invalid: 1, presented: 0 });
    // The real teacher's next update is seq 1: the forged ones changed nothing.
    const got = next<LiveSnapshot>(b.socket, 'snapshot');
    teacher.emit('present', { sessionId, presenterKey, view: view(3), tourStep: null });
    expect(await got).toEqual({ seq: 1, view: view(3), tourStep: null, tour: null, quiz: null });
    await roundTrip(a.socket);
    expect(seenA.map((s) => s.seq)).toEqual([1]);
    expect(seenB.map((s) => s.seq)).toEqual([1]);
    expect(pointers).toEqual([]);
  });

  it('drops and counts malformed, oversized and unknown messages, answering requests with the problem', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    const seen = record<LiveSnapshot>(a.socket, 'snapshot');
    const bad = await teacher.emitWithAck('create', { protocol: 1, caseId: 42 });
    expect(bad).toEqual({ ok: false, error: 'create.caseId must be a string, not 42' });
    const badJoin = await a.socket.emitWithAck('join', { protocol: 1, sessionId: '../etc', role: 'student' });
    expect(badJoin.ok).toBe(false);
    expect(badJoin.error).toMatch(/^join\.sessionId must be a session id/);
    teacher.emit('present', { sessionId, presenterKey, view: 'a view', tourStep: null });
    teacher.emit('present', { sessionId, presenterKey, view: { layout: '1x1' }, tourStep: null });
    teacher.emit('present', { sessionId, presenterKey, view: view(1), tourStep: -1 });
    const huge = { ...view(1), padding: 'x'.repeat(maxMessageBytes) };
    teacher.emit('present', { sessionId, presenterKey, view: huge, tourStep: null });
    teacher.emit('present', 'not an object');
    teacher.emit('hack', { sessionId });
    await roundTrip(teacher);
    // A create without its acknowledgement is dropped too.
    teacher.emit('create', { protocol: 1, caseId: 'x' });
    await roundTrip(teacher);
    expect(harness.server.stats()).toMatchObject({ invalid: 9, presented: 0, rooms: 1 });
    expect(seen).toEqual([]);
    // Still working after all that.
    const got = next<LiveSnapshot>(a.socket, 'snapshot');
    teacher.emit('present', { sessionId, presenterKey, view: view(4), tourStep: null });
    expect((await got).seq).toBe(1);
  });

  it('counts students following and detached for the teacher as their status changes', async () => {
    const harness = await start();
    const { teacher, sessionId } = await createSession(harness);
    const presence = record<LivePresence>(teacher, 'presence');
    const a = await student(harness, sessionId);
    const b = await student(harness, sessionId);
    await expect.poll(() => presence.at(-1)).toEqual({ students: 2, following: 2, detached: 0 });
    a.socket.emit('status', { sessionId, following: false });
    await expect.poll(() => presence.at(-1)).toEqual({ students: 2, following: 1, detached: 1 });
    b.socket.emit('status', { sessionId, following: false });
    await expect.poll(() => presence.at(-1)).toEqual({ students: 2, following: 0, detached: 2 });
    a.socket.emit('status', { sessionId, following: true });
    await expect.poll(() => presence.at(-1)).toEqual({ students: 2, following: 1, detached: 1 });
    const before = presence.length;
    a.socket.emit('status', { sessionId, following: true });
    // Joining again (as the client does after a reconnection) is still one student, as detached as it was.
    b.socket.emit('join', { protocol: 1, sessionId, role: 'student' }, () => {});
    await roundTrip(a.socket);
    await roundTrip(teacher);
    expect(presence.length).toBe(before);
    expect(presence.at(-1)).toEqual({ students: 2, following: 1, detached: 1 });
    b.socket.disconnect();
    await expect.poll(() => presence.at(-1)).toEqual({ students: 1, following: 1, detached: 0 });
  });

  it('gives a student who reconnects the current snapshot (rejoin, and connection-state recovery)', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId, { reconnectionDelay: 20, reconnectionDelayMax: 50 });
    a.socket.disconnect();
    teacher.emit('present', { sessionId, presenterKey, view: view(12), tourStep: 1 });
    await roundTrip(teacher);
    a.socket.connect();
    const rejoin = await a.socket.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
    expect(rejoin.snapshot).toEqual({ seq: 1, view: view(12), tourStep: 1, tour: null, quiz: null });

    // A dropped transport (not a clean disconnect): socket.io restores the connection (same id, rooms and
    // data), replays what was missed, and the server sends the current snapshot without a new join.
    teacher.emit('present', { sessionId, presenterKey, view: view(13), tourStep: 1 });
    expect((await next<LiveSnapshot>(a.socket, 'snapshot')).seq).toBe(2);
    const seen = record<LiveSnapshot>(a.socket, 'snapshot');
    const presence = record<LivePresence>(teacher, 'presence');
    const restored = new Promise<boolean>((resolve) =>
      a.socket.once('connect', () => resolve(a.socket.recovered)),
    );
    a.socket.io.engine.close();
    teacher.emit('present', { sessionId, presenterKey, view: view(14), tourStep: 1 });
    expect(await restored).toBe(true);
    await expect
      .poll(() => seen.at(-1))
      .toEqual({ seq: 3, view: view(14), tourStep: 1, tour: null, quiz: null });
    // The teacher saw the student go and come back, and it is still counted as a student of the room.
    await expect
      .poll(() => presence)
      .toEqual([
        { students: 0, following: 0, detached: 0 },
        { students: 1, following: 1, detached: 0 },
      ]);
    a.socket.emit('status', { sessionId, following: false });
    await expect.poll(() => presence.at(-1)).toEqual({ students: 1, following: 0, detached: 1 });
  });

  it('lets the teacher resume from a new connection with the presenter key; students keep the last view', async () => {
    const harness = await start();
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    teacher.emit('present', { sessionId, presenterKey, view: view(20), tourStep: null });
    expect((await next<LiveSnapshot>(a.socket, 'snapshot')).seq).toBe(1);
    const ended = record<string>(a.socket, 'ended');
    teacher.disconnect();
    const again = await client(harness);
    const presence = next<LivePresence>(again, 'presence');
    const resumed = await again.emitWithAck('join', {
      protocol: 1,
      sessionId,
      role: 'teacher',
      presenterKey,
    });
    expect(resumed).toEqual({
      ok: true,
      caseId: 'sample-case',
      snapshot: { seq: 1, view: view(20), tourStep: null, tour: null, quiz: null },
    });
    expect(await presence).toEqual({ students: 1, following: 1, detached: 0 });
    const got = next<LiveSnapshot>(a.socket, 'snapshot');
    again.emit('present', { sessionId, presenterKey, view: view(21), tourStep: null });
    expect(await got).toEqual({ seq: 2, view: view(21), tourStep: null, tour: null, quiz: null });
    expect(ended).toEqual([]);
  });

  it('after a server restart (rooms are in memory), the teacher opens the session again and a waiting student rejoins', async () => {
    const first = await start();
    const { sessionId, presenterKey } = await createSession(first);
    const a = await student(first, sessionId, { reconnectionDelay: 20, reconnectionDelayMax: 50 });
    const port = new URL(first.url).port;
    const ended = record<string>(a.socket, 'ended');
    await first.server.close();
    first.http.closeAllConnections();
    await new Promise((resolve) => first.http.close(resolve));
    // The same port, a new process's worth of memory.
    const http = createServer();
    const server = attachSessionServer(http);
    await new Promise<void>((resolve) => http.listen(Number(port), '127.0.0.1', resolve));
    open.harness = { http, server, url: first.url };
    // The student's socket.io client reconnects by itself (the server closed transports, not sessions).
    await expect.poll(() => a.socket.connected, { timeout: 5000 }).toBe(true);
    expect(a.socket.recovered).toBe(false);
    expect(ended).toEqual([]);
    const join = { protocol: 1, sessionId, role: 'student' };
    expect(await a.socket.emitWithAck('join', join)).toEqual({
      ok: false,
      error: sessionGoneMessage,
      code: 'gone',
    });
    // Only the key's holder can open it again: a guessed key does not.
    const intruder = await client(open.harness);
    const guess = { protocol: 1, sessionId, role: 'teacher', presenterKey: 'A'.repeat(22), caseId: 'x' };
    expect((await intruder.emitWithAck('join', guess)).ok).toBe(false);
    expect(server.stats().forged).toBe(1);
    const teacher = await client(open.harness);
    const resumed = await teacher.emitWithAck('join', {
      protocol: 1,
      sessionId,
      role: 'teacher',
      presenterKey,
      caseId: 'sample-case',
    });
    expect(resumed).toMatchObject({ ok: true, caseId: 'sample-case', snapshot: { seq: 0, view: null } });
    expect(await a.socket.emitWithAck('join', join)).toMatchObject({ ok: true, caseId: 'sample-case' });
    const got = next<LiveSnapshot>(a.socket, 'snapshot');
    teacher.emit('present', { sessionId, presenterKey, view: view(30), tourStep: null });
    expect(await got).toEqual({ seq: 1, view: view(30), tourStep: null, tour: null, quiz: null });
  });

  it('tells a client joining an unknown session that it ended or the server restarted', async () => {
    const harness = await start();
    const socket = await client(harness);
    const reply = await socket.emitWithAck('join', { protocol: 1, sessionId: 'abcdefghij', role: 'student' });
    expect(reply).toEqual({ ok: false, error: sessionGoneMessage, code: 'gone' });
    const version = await socket.emitWithAck('join', {
      protocol: 2,
      sessionId: 'abcdefghij',
      role: 'student',
    });
    expect(version.error).toMatch(/protocol 2, the server 1: reload the page/);
  });

  it('closes an idle room and tells its clients', async () => {
    let clock = 1_000_000;
    const harness = await start({ idleMs: 1000, now: () => clock });
    const { teacher, sessionId, presenterKey } = await createSession(harness);
    const a = await student(harness, sessionId);
    clock += 900;
    await harness.server.sweepNow();
    teacher.emit('present', { sessionId, presenterKey, view: view(1), tourStep: null });
    await next(a.socket, 'snapshot');
    clock += 900;
    await harness.server.sweepNow();
    expect(harness.server.stats().rooms).toBe(1);
    const endedA = next<string>(a.socket, 'ended');
    const endedT = next<string>(teacher, 'ended');
    clock += 1001;
    await harness.server.sweepNow();
    expect(await endedA).toBe(sessionExpiredMessage);
    expect(await endedT).toBe(sessionExpiredMessage);
    expect(harness.server.stats()).toMatchObject({ rooms: 0, expired: 1 });
    const reply = await a.socket.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
    expect(reply.error).toBe(sessionGoneMessage);
  });

  it('bounds the rooms: per connection and in all', async () => {
    const harness = await start({ maxRooms: 3, maxCreatesPerConnection: 2 });
    const one = await client(harness);
    const two = await client(harness);
    const create = (socket: Socket) => socket.emitWithAck('create', { protocol: 1, caseId: 'sample-case' });
    expect((await create(one)).ok).toBe(true);
    expect((await create(one)).ok).toBe(true);
    expect(await create(one)).toEqual({ ok: false, error: tooManySessionsMessage });
    expect((await create(two)).ok).toBe(true);
    expect(await create(two)).toEqual({ ok: false, error: tooManySessionsMessage });
    expect(harness.server.stats().rooms).toBe(3);
  });

  it('refuses a websocket from another origin', async () => {
    const harness = await start();
    await expect(client(harness, { extraHeaders: { Origin: 'https://evil.example' } })).rejects.toThrow();
    const same = await client(harness, { extraHeaders: { Origin: harness.url.replace(liveNamespace, '') } });
    expect(same.connected).toBe(true);
  });
});

/**
 * Two `npm run serve` processes sharing one real redis-server on loopback (the rooms store and the Redis
 * streams adapter): a teacher on one process and students on the other are in the same room — views, the
 * count, the live quiz's answers and the end cross between them — and killing the teacher's process loses
 * nothing: the teacher goes on from the other process with the next seq. Needs Debian's redis-server
 * (`.ci/run` installs it); without it the test is skipped, except under CI where that is a failure.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LiveAnswers,
  type LivePresence,
  type LiveSnapshot,
  liveNamespace,
} from '../src/model/liveProtocol.ts';
import { next, record, view } from './liveTestKit.ts';
import { hasRedisServer, type RedisProcess, startRedis, startServe } from './serveProcess.ts';
import { sessionEndedByTeacherMessage } from './sessionServer.ts';

const available = hasRedisServer();
if (!available && process.env.CI) throw new Error('redis-server is missing: .ci/run installs redis-server');

const running: ChildProcess[] = [];
const sockets: Socket[] = [];
let redis: RedisProcess | undefined;
let folder = '';

beforeAll(async () => {
  if (!available) return;
  redis = await startRedis();
  folder = mkdtempSync(join(tmpdir(), 'casebook-two-'));
  writeFileSync(join(folder, 'index.html'), '<!doctype html><title>Casebook test build</title>');
});

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await redis?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function socketTo(base: string): Promise<Socket> {
  const socket = connect(`${base}${liveNamespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

describe.skipIf(!available)('two session servers on one Redis', () => {
  it('a teacher on one process and students on the other share the room, and survive the loss of a process', async () => {
    const env = { CASEBOOK_DIST: folder, CASEBOOK_REDIS_URL: redis?.url ?? '' };
    const [one, two] = await Promise.all([startServe(env, running), startServe(env, running)]);
    expect(one.output()).toContain('rooms in Redis');
    expect(one.base).not.toBe(two.base);

    const teacher = await socketTo(one.base);
    const created = await teacher.emitWithAck('create', { protocol: 1, caseId: 'sample-case' });
    expect(created.ok).toBe(true);
    const { sessionId, presenterKey } = created as { sessionId: string; presenterKey: string };
    const presence = record<LivePresence>(teacher, 'presence');
    const answers = record<LiveAnswers>(teacher, 'answers');

    const students = await Promise.all([socketTo(two.base), socketTo(two.base)]);
    for (const socket of students) {
      const joined = await socket.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
      expect(joined).toMatchObject({ ok: true, caseId: 'sample-case', snapshot: { seq: 0 } });
    }
    // The count, computed on process two, reaches the teacher on process one.
    await expect.poll(() => presence.at(-1)).toEqual({ students: 2, following: 2, detached: 0 });
    students[1]?.emit('status', { sessionId, following: false });
    await expect.poll(() => presence.at(-1)).toEqual({ students: 2, following: 1, detached: 1 });

    const seen = students.map((socket) => next<LiveSnapshot>(socket, 'snapshot'));
    teacher.emit('present', { sessionId, presenterKey, view: view(42), tourStep: null });
    for (const snapshot of await Promise.all(seen)) {
      expect(snapshot).toEqual({ seq: 1, view: view(42), tourStep: null, tour: null, quiz: null });
    }

    // The live quiz across processes: asked on one, answered on two, answers back on one.
    const asked = await teacher.emitWithAck('quiz', {
      sessionId,
      presenterKey,
      action: 'ask',
      questionId: 'q',
    });
    expect(asked).toEqual({ ok: true, quiz: { round: 1, questionId: 'q', revealed: false } });
    const click = { kind: 'locate', image: { seriesKey: 'ct', SOPInstanceUID: '1.2' }, point: [1, 2, 3] };
    for (const socket of students) {
      expect(await socket.emitWithAck('answer', { sessionId, round: 1, answer: click })).toEqual({
        ok: true,
      });
    }
    await expect
      .poll(() => answers.filter((a) => !a.complete).flatMap((a) => a.entries.map((e) => e.from)))
      .toEqual(['S1', 'S2']);

    // The teacher's process dies; the teacher reconnects to the other one (as a load balancer would send
    // it) with the key: the room is whole, and the next update is seq 3 (1 view + 1 ask).
    one.child.kill('SIGKILL');
    const resumed = await socketTo(two.base);
    const all = next<LiveAnswers>(resumed, 'answers');
    const again = await resumed.emitWithAck('join', {
      protocol: 1,
      sessionId,
      role: 'teacher',
      presenterKey,
    });
    expect(again).toMatchObject({ ok: true, snapshot: { seq: 2, view: view(42), quiz: { round: 1 } } });
    expect((await all).entries.map((e) => e.from)).toEqual(['S1', 'S2']);
    const later = next<LiveSnapshot>(students[0] as Socket, 'snapshot');
    resumed.emit('present', { sessionId, presenterKey, view: view(43), tourStep: null });
    expect(await later).toMatchObject({ seq: 3, view: view(43) });

    const ended = students.map((socket) => next<string>(socket, 'ended'));
    resumed.emit('end', { sessionId, presenterKey });
    expect(await Promise.all(ended)).toEqual([sessionEndedByTeacherMessage, sessionEndedByTeacherMessage]);
  }, 30_000);
});

/**
 * The room store's contract, run on both stores: in memory, and in a real redis-server on loopback (the
 * Lua scripts). Skipped for Redis without Debian's redis-server, except under CI (see redisCluster.test.ts).
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { view } from './liveTestKit.ts';
import { redisRoomStore } from './redisRoomStore.ts';
import { memoryRoomStore, type RoomStore, sessionIdOf } from './roomStore.ts';
import { hasRedisServer, type RedisProcess, startRedis } from './serveProcess.ts';

const withRedis = hasRedisServer();
let redis: RedisProcess | undefined;
let client: ReturnType<typeof createClient> | undefined;
let prefixes = 0;

beforeAll(async () => {
  if (!withRedis) return;
  redis = await startRedis();
  client = createClient({ url: redis.url });
  await client.connect();
});

afterAll(async () => {
  await client?.quit();
  await redis?.stop();
});

const stores: [string, () => RoomStore][] = [
  ['memory', memoryRoomStore],
  ...(withRedis || process.env.CI
    ? ([
        [
          'redis',
          () => {
            if (!client) throw new Error('redis-server is missing: .ci/run installs redis-server');
            prefixes += 1;
            return redisRoomStore(client, { prefix: `test${prefixes}` });
          },
        ],
      ] as [string, () => RoomStore][])
    : []),
];

const pointer = { image: { seriesKey: 'ct', SOPInstanceUID: '1.2' }, point: [1, 2, 3] } as const;
const click = (x: number) => ({ kind: 'locate', image: pointer.image, point: [x, 0, 0] }) as const;
const tour = { index: 1, count: 3, title: 'Tour', caption: 'Step <b>two</b>' };

describe.each(stores)('%s room store', (_name, make) => {
  it('creates a room once, keeps its snapshot with seq, the pointer and the tour text', async () => {
    const store = make();
    expect(await store.create('room000001', 'case-a', 1000)).toBe(true);
    expect(await store.create('room000001', 'case-b', 1001)).toBe(false);
    expect(await store.get('room000001')).toEqual({
      id: 'room000001',
      caseId: 'case-a',
      snapshot: { seq: 0, view: null, tourStep: null, tour: null, quiz: null },
      pointer: null,
    });
    expect(await store.present('room000001', { view: view(5), tourStep: 1, tour }, 1002)).toEqual({
      seq: 1,
      view: view(5),
      tourStep: 1,
      tour,
      quiz: null,
    });
    expect(await store.point('room000001', pointer, 1003)).toBe(true);
    expect((await store.get('room000001'))?.pointer).toEqual(pointer);
    expect(
      await store.present('nosuchroom', { view: view(1), tourStep: null, tour: null }, 1),
    ).toBeUndefined();
    expect(await store.point('nosuchroom', null, 1)).toBe(false);
    expect(await store.get('nosuchroom')).toBeUndefined();
  });

  it('counts students following and detached', async () => {
    const store = make();
    await store.create('room000002', 'c', 0);
    expect(await store.setStudent('room000002', 'a', true)).toEqual({
      students: 1,
      following: 1,
      detached: 0,
    });
    expect(await store.setStudent('room000002', 'b', false)).toEqual({
      students: 2,
      following: 1,
      detached: 1,
    });
    expect(await store.setStudent('room000002', 'b', true)).toEqual({
      students: 2,
      following: 2,
      detached: 0,
    });
    expect(await store.removeStudent('room000002', 'a')).toEqual({ students: 1, following: 1, detached: 0 });
    expect(await store.removeStudent('room000002', 'a')).toBeUndefined();
    expect(await store.presence('room000002')).toEqual({ students: 1, following: 1, detached: 0 });
    expect(await store.setStudent('nosuchroom', 'a', true)).toBeUndefined();
  });

  it('runs the quiz: rounds, one answer per student key, tags kept across rounds, refusals', async () => {
    const store = make();
    await store.create('room000003', 'c', 0);
    await store.present('room000003', { view: view(2), tourStep: null, tour: null }, 1);
    expect(await store.quiz('room000003', { action: 'reveal' }, 2)).toEqual({ refused: 'no-question' });
    expect(await store.answer('room000003', 'k1', 1, click(1))).toEqual({ refused: 'closed' });
    const asked = await store.quiz('room000003', { action: 'ask', questionId: 'q "one"' }, 3);
    expect(asked).toEqual({
      snapshot: {
        seq: 2,
        view: view(2),
        tourStep: null,
        tour: null,
        quiz: { round: 1, questionId: 'q "one"', revealed: false },
      },
    });
    expect(await store.answer('room000003', 'k1', 1, click(1))).toEqual({
      entry: { from: 'S1', answer: click(1) },
    });
    expect(await store.answer('room000003', 'k2', 1, click(2))).toEqual({
      entry: { from: 'S2', answer: click(2) },
    });
    expect(await store.answer('room000003', 'k1', 1, click(3))).toEqual({
      entry: { from: 'S1', answer: click(3) },
    });
    expect(await store.answer('room000003', 'k1', 2, click(3))).toEqual({ refused: 'other-round' });
    expect(await store.answers('room000003')).toEqual({
      round: 1,
      complete: true,
      entries: [
        { from: 'S1', answer: click(3) },
        { from: 'S2', answer: click(2) },
      ],
    });
    const revealed = await store.quiz('room000003', { action: 'reveal' }, 4);
    expect('snapshot' in revealed && revealed.snapshot.quiz).toEqual({
      round: 1,
      questionId: 'q "one"',
      revealed: true,
    });
    expect(await store.answer('room000003', 'k2', 1, click(9))).toEqual({ refused: 'revealed' });
    const closed = await store.quiz('room000003', { action: 'close' }, 5);
    expect('snapshot' in closed && closed.snapshot).toMatchObject({ seq: 4, quiz: null });
    expect(await store.answers('room000003')).toBeUndefined();
    const second = await store.quiz('room000003', { action: 'ask', questionId: 'q2' }, 6);
    expect('snapshot' in second && second.snapshot.quiz?.round).toBe(2);
    expect(await store.answers('room000003')).toEqual({ round: 2, complete: true, entries: [] });
    // A student keeps their tag in the next round; a new student gets the next one.
    expect(await store.answer('room000003', 'k3', 2, click(1))).toEqual({
      entry: { from: 'S3', answer: click(1) },
    });
    expect(await store.answer('room000003', 'k2', 2, click(1))).toEqual({
      entry: { from: 'S2', answer: click(1) },
    });
    expect(await store.quiz('nosuchroom', { action: 'close' }, 1)).toEqual({ refused: 'gone' });
    expect(await store.answer('nosuchroom', 'k', 1, click(1))).toEqual({ refused: 'gone' });
  });

  it('finds idle rooms, counts active ones, and removes a room once', async () => {
    const store = make();
    await store.create('room000004', 'c', 100);
    await store.create('room000005', 'c', 100);
    await store.touch('room000005', 500);
    expect(await store.idle(200)).toContain('room000004');
    expect(await store.idle(200)).not.toContain('room000005');
    expect(await store.countActive(400)).toBeGreaterThanOrEqual(1);
    expect(await store.remove('room000004')).toBe(true);
    expect(await store.remove('room000004')).toBe(false);
    expect(await store.get('room000004')).toBeUndefined();
  });
});

describe('session ids', () => {
  it('are derived from the presenter key: 10 characters of base64url, different for each key', () => {
    const a = sessionIdOf('Ab3_-xYz09Ab3_-xYz09Ab');
    expect(a).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(sessionIdOf('Ab3_-xYz09Ab3_-xYz09Ab')).toBe(a);
    expect(sessionIdOf('Ab3_-xYz09Ab3_-xYz09Ac')).not.toBe(a);
  });
});

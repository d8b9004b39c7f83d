/**
 * Rooms in Redis (issue 14), for several session-server processes behind a load balancer: each room is a
 * hash (case, seq, view, tour step and text, quiz, pointer) beside hashes of its students, the open
 * question's answers and the students' opaque tags, and a sorted set of rooms by last activity. Every
 * operation is one Lua script, so it is atomic across processes. With {@link redisSessionBackend} the
 * socket.io Redis streams adapter carries the broadcasts between processes and keeps connection-state
 * recovery working across them. Keys carry the session id in braces (one Redis Cluster slot per room).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import type {
  LiveAnswerEntry,
  LivePointer,
  LivePresence,
  LiveQuizState,
  LiveSnapshot,
  LiveTourStep,
} from '../src/model/liveProtocol.ts';
import type { ViewDocument } from '../src/model/ViewDocument.ts';
import { type AnswerRefusal, presenceOf, type QuizRefusal, type RoomStore, tagNumber } from './roomStore.ts';

/** A connected node-redis client. */
type RedisClient = ReturnType<typeof createClient>;

/** Options of {@link redisRoomStore}. */
export interface RedisRoomStoreOptions {
  /** Prefix of every key (default `casebook:live`). */
  readonly prefix?: string;
  /**
   * Keys of a room expire this long after its last activity (default 8 h), a safety net for rooms no
   * process sweeps any more; the servers' sweep closes idle rooms before that and tells their clients.
   */
  readonly ttlMs?: number;
}

/** Refreshes a room's keys' expiry and its place in the activity set (KEYS 1-5; ARGV[1] now, ARGV[2] ttl). */
const touchLua = `
local function touch(now, ttl, id)
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ttl) end
  redis.call('ZADD', KEYS[5], now, id)
end
`;

/** Scripts, each on KEYS = room, students, answers, tags, rooms; ARGV[1] now, ARGV[2] ttl, ARGV[3] id. */
const scripts = {
  create: `${touchLua}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'caseId', ARGV[4], 'seq', 0, 'rounds', 0, 'view', 'null', 'tourStep', 'null',
  'tour', 'null', 'quiz', 'null', 'pointer', 'null', 'tags', 0)
touch(ARGV[1], ARGV[2], ARGV[3])
return 1`,
  touch: `${touchLua}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
touch(ARGV[1], ARGV[2], ARGV[3])
return 1`,
  present: `${touchLua}
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'view', ARGV[4], 'tourStep', ARGV[5], 'tour', ARGV[6])
touch(ARGV[1], ARGV[2], ARGV[3])
return {seq, redis.call('HGET', KEYS[1], 'quiz')}`,
  point: `${touchLua}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'pointer', ARGV[4])
touch(ARGV[1], ARGV[2], ARGV[3])
return 1`,
  quiz: `${touchLua}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'gone'} end
local quiz = redis.call('HGET', KEYS[1], 'quiz')
if ARGV[4] == 'ask' then
  local round = redis.call('HINCRBY', KEYS[1], 'rounds', 1)
  quiz = '{"round":' .. round .. ',"questionId":' .. cjson.encode(ARGV[5]) .. ',"revealed":false}'
  redis.call('DEL', KEYS[3])
elseif quiz == 'null' then
  return {'no-question'}
elseif ARGV[4] == 'reveal' then
  local q = cjson.decode(quiz)
  quiz = '{"round":' .. q.round .. ',"questionId":' .. cjson.encode(q.questionId) .. ',"revealed":true}'
else
  quiz = 'null'
  redis.call('DEL', KEYS[3])
end
redis.call('HSET', KEYS[1], 'quiz', quiz)
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
touch(ARGV[1], ARGV[2], ARGV[3])
local f = redis.call('HMGET', KEYS[1], 'view', 'tourStep', 'tour')
return {'ok', seq, f[1], f[2], f[3], quiz}`,
  setStudent: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return redis.call('HVALS', KEYS[2])`,
  removeStudent: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if redis.call('HDEL', KEYS[2], ARGV[4]) == 0 then return false end
return redis.call('HVALS', KEYS[2])`,
  presence: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('HVALS', KEYS[2])`,
  answer: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'gone'} end
local quiz = redis.call('HGET', KEYS[1], 'quiz')
if quiz == 'null' then return {'closed'} end
local q = cjson.decode(quiz)
if q.round ~= tonumber(ARGV[5]) then return {'other-round'} end
if q.revealed then return {'revealed'} end
local from = redis.call('HGET', KEYS[4], ARGV[4])
if not from then
  from = 'S' .. redis.call('HINCRBY', KEYS[1], 'tags', 1)
  redis.call('HSET', KEYS[4], ARGV[4], from)
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
end
redis.call('HSET', KEYS[3], ARGV[4], '{"from":"' .. from .. '","answer":' .. ARGV[6] .. '}')
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return {'ok', from}`,
  answers: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local quiz = redis.call('HGET', KEYS[1], 'quiz')
if quiz == 'null' then return false end
return {quiz, redis.call('HVALS', KEYS[3])}`,
  remove: `
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return redis.call('ZREM', KEYS[5], ARGV[3])`,
} as const;

type Script = keyof typeof scripts;

const parse = <T>(json: unknown): T => JSON.parse(String(json)) as T;

/**
 * Rooms in Redis through a connected node-redis client (not shared with the adapter's).
 * @param client - a connected client
 * @param options - key prefix and expiry
 */
export function redisRoomStore(client: RedisClient, options: RedisRoomStoreOptions = {}): RoomStore {
  const prefix = options.prefix ?? 'casebook:live';
  const ttl = String(options.ttlMs ?? 8 * 60 * 60 * 1000);
  const roomsKey = `${prefix}:rooms`;
  const keysOf = (id: string): string[] => {
    const room = `${prefix}:{${id}}`;
    return [room, `${room}:students`, `${room}:answers`, `${room}:tags`, roomsKey];
  };
  const shas = new Map<Script, string>();
  /** Runs a script by its SHA (loaded once), loading it again if Redis forgot it (a restart). */
  async function run(script: Script, id: string, now: number, ...args: string[]): Promise<unknown> {
    const options = { keys: keysOf(id), arguments: [String(now), ttl, id, ...args] };
    let sha = shas.get(script);
    if (!sha) {
      sha = await client.scriptLoad(scripts[script]);
      shas.set(script, sha);
    }
    try {
      return await client.evalSha(sha, options);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      shas.delete(script);
      return client.eval(scripts[script], options);
    }
  }
  const presence = (values: unknown): LivePresence | undefined =>
    Array.isArray(values) ? presenceOf(values.map((value) => String(value) === '1')) : undefined;

  return {
    shared: true,
    async countActive(since) {
      return client.zCount(roomsKey, since, '+inf');
    },
    async create(id, caseId, now) {
      return (await run('create', id, now, caseId)) === 1;
    },
    async get(id) {
      const fields = await client.hGetAll(keysOf(id)[0] as string);
      if (fields.caseId === undefined) return undefined;
      const snapshot: LiveSnapshot = {
        seq: Number(fields.seq),
        view: parse<ViewDocument | null>(fields.view),
        tourStep: parse<number | null>(fields.tourStep),
        tour: parse<LiveTourStep | null>(fields.tour),
        quiz: parse<LiveQuizState | null>(fields.quiz),
      };
      return { id, caseId: fields.caseId, snapshot, pointer: parse<LivePointer | null>(fields.pointer) };
    },
    async touch(id, now) {
      await run('touch', id, now);
    },
    async present(id, { view, tourStep, tour }, now) {
      const reply = await run(
        'present',
        id,
        now,
        JSON.stringify(view),
        JSON.stringify(tourStep),
        JSON.stringify(tour),
      );
      if (!Array.isArray(reply)) return undefined;
      const [seq, quiz] = reply;
      return { seq: Number(seq), view, tourStep, tour, quiz: parse<LiveQuizState | null>(quiz) };
    },
    async point(id, pointer, now) {
      return (await run('point', id, now, JSON.stringify(pointer))) === 1;
    },
    async quiz(id, action, now) {
      const questionId = action.action === 'ask' ? action.questionId : '';
      const reply = (await run('quiz', id, now, action.action, questionId)) as unknown[];
      if (reply[0] !== 'ok') return { refused: String(reply[0]) as QuizRefusal };
      const [, seq, view, tourStep, tour, quiz] = reply;
      return {
        snapshot: {
          seq: Number(seq),
          view: parse<ViewDocument | null>(view),
          tourStep: parse<number | null>(tourStep),
          tour: parse<LiveTourStep | null>(tour),
          quiz: parse<LiveQuizState | null>(quiz),
        },
      };
    },
    async setStudent(id, socketId, following) {
      return presence(await run('setStudent', id, 0, socketId, following ? '1' : '0'));
    },
    async presence(id) {
      return presence(await run('presence', id, 0));
    },
    async removeStudent(id, socketId) {
      return presence(await run('removeStudent', id, 0, socketId));
    },
    async answer(id, studentKey, round, answer) {
      const reply = (await run(
        'answer',
        id,
        0,
        studentKey,
        String(round),
        JSON.stringify(answer),
      )) as unknown[];
      if (reply[0] !== 'ok') return { refused: String(reply[0]) as AnswerRefusal };
      return { entry: { from: String(reply[1]), answer } };
    },
    async answers(id) {
      const reply = await run('answers', id, 0);
      if (!Array.isArray(reply)) return undefined;
      const [quiz, values] = reply as [unknown, unknown[]];
      const entries = values
        .map((value) => parse<LiveAnswerEntry>(value))
        .sort((a, b) => tagNumber(a) - tagNumber(b));
      return { round: parse<LiveQuizState>(quiz).round, complete: true, entries };
    },
    async remove(id) {
      return (await run('remove', id, 0)) === 1;
    },
    async idle(cutoff) {
      return client.zRangeByScore(roomsKey, '-inf', `(${cutoff}`);
    },
    async close() {
      // The client is its owner's (see redisSessionBackend).
    },
  };
}

/** A store and an adapter on one Redis server, and how to let go of both. */
export interface RedisSessionBackend {
  readonly store: RoomStore;
  readonly adapter: NonNullable<ServerOptions['adapter']>;
  close(): Promise<void>;
}

/**
 * Connects to Redis for the session server: the rooms store, and the socket.io Redis streams adapter (its
 * own connection, as it blocks on stream reads). Fails with the server's address when Redis does not answer.
 * @param url - e.g. `redis://127.0.0.1:6379`
 * @param options - key prefix and expiry of the store
 */
export async function redisSessionBackend(
  url: string,
  options: RedisRoomStoreOptions = {},
): Promise<RedisSessionBackend> {
  const storeClient = createClient({ url, socket: { connectTimeout: 5000 } });
  const adapterClient = createClient({ url, socket: { connectTimeout: 5000 } });
  // Errors after connecting (Redis restarting) are retried by node-redis; requests meanwhile fail and are
  // refused to the user with a sentence. Without a listener an error event would end the process.
  for (const client of [storeClient, adapterClient]) client.on('error', () => undefined);
  try {
    await Promise.all([storeClient.connect(), adapterClient.connect()]);
  } catch (error) {
    await Promise.allSettled([storeClient.destroy(), adapterClient.destroy()]);
    throw new Error(
      `Cannot reach Redis at ${url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    store: redisRoomStore(storeClient, options),
    adapter: createAdapter(adapterClient, { streamName: `${options.prefix ?? 'casebook:live'}:stream` }),
    async close() {
      await Promise.allSettled([storeClient.quit(), adapterClient.quit()]);
    },
  };
}

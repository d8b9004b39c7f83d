/**
 * The live-class session server (issue 14): socket.io rooms, one per session, each keeping its latest
 * snapshot (view, tour step, live quiz question) and the quiz's answers, so late joiners and reconnecting
 * students get the teacher's view at once. Attaches to an existing Node HTTP server (Vite's dev and preview
 * servers, or server/serve.ts). Rooms live in a {@link RoomStore}: this process's memory by default, or
 * Redis with the Redis streams adapter, so several processes serve one class. Depends on socket.io, the
 * store and the protocol module; nothing of the browser app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import {
  checkLiveClientMessage,
  currentLiveProtocolVersion,
  type LiveClientEvents,
  type LiveClientMessage,
  type LivePresence,
  type LiveServerEvents,
  liveAckEvents,
  liveClientEventNames,
  liveNamespace,
  maxMessageBytes,
} from '../src/model/liveProtocol.ts';
import { type AnswerRefusal, memoryRoomStore, type RoomStore, sessionIdOf } from './roomStore.ts';

/** What a joining client is told when its session is not (or no longer) in this server's memory. */
export const sessionGoneMessage = 'This live session has ended or the server restarted';
/** Sent with `ended` when a room expires. */
export const sessionExpiredMessage = 'This live session ended after a long time without activity';
/** The refusal of a create when the server holds its most rooms. */
export const tooManySessionsMessage = 'This server has too many live sessions open: try again later';
/** Sent with `ended` when the teacher ends the session. */
export const sessionEndedByTeacherMessage = 'The teacher ended this live session';
/** The refusal of a student joining a full room. */
export const roomFullMessage = 'This live session is full: ask the teacher';
/** The refusal of a request the server could not carry out (its store did not answer). */
export const storeFailedMessage = 'The live-session server could not reach its store; try again';
/** Why an answer was refused, by reason. */
export const answerRefusalMessages: Readonly<Record<AnswerRefusal, string>> = {
  gone: 'This live session has ended',
  closed: 'The teacher closed this question',
  'other-round': 'The teacher has moved on to another question',
  revealed: 'The answer has been revealed: answers are closed',
};

/** A token bucket's size: `perSecond` tokens refill each second, up to `burst`. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** Options of {@link attachSessionServer}; all have defaults. */
export interface SessionServerOptions {
  /** A room with no create, join, present or point for this long is closed (default 4 h). */
  readonly idleMs?: number;
  /** How often idle rooms are looked for (default a minute, or a quarter of `idleMs` when shorter). */
  readonly sweepMs?: number;
  /** A teacher's connection (after create, or join with the key): default 120 a second, burst 240. */
  readonly presenterRate?: RateLimit;
  /** Any other connection: default 10 a second, burst 20. */
  readonly studentRate?: RateLimit;
  /** How long socket.io keeps a dropped connection's rooms and missed messages (default 2 min). */
  readonly recoveryMs?: number;
  /** Most rooms open at once (default 1000): a create beyond it is refused, so memory stays bounded. */
  readonly maxRooms?: number;
  /** Most rooms one connection may create (default 10). */
  readonly maxCreatesPerConnection?: number;
  /** Most students in one room (default 500): a join beyond it is refused. */
  readonly maxStudentsPerRoom?: number;
  /** Most connections this process accepts at once (default 5000): a handshake beyond it is refused. */
  readonly maxConnections?: number;
  /** Where rooms live (default: this process's memory). */
  readonly store?: RoomStore;
  /** A socket.io adapter (the Redis streams adapter for several processes); default in memory. */
  readonly adapter?: ServerOptions['adapter'];
  /** The clock (ms), for tests. */
  readonly now?: () => number;
}

/** Counters for tests and diagnostics. */
export interface SessionStats {
  /** Rooms open now. */
  readonly rooms: number;
  /** Messages that did not validate (or unknown events, or events without their acknowledgement). */
  readonly invalid: number;
  /** Presenter messages (`present`, `point`) and teacher joins without the right key, or for no room. */
  readonly forged: number;
  /** Messages dropped by a connection's rate limit. */
  readonly rateLimited: number;
  /** Presenter updates accepted and broadcast. */
  readonly presented: number;
  /** Rooms closed for idleness. */
  readonly expired: number;
  /** Students' answers kept. */
  readonly answered: number;
  /** Requests that failed because the store did not answer. */
  readonly storeErrors: number;
  /** Joins and handshakes refused by the room and connection caps. */
  readonly refusedFull: number;
}

/** The running session server. */
export interface SessionServer {
  /** The socket.io server (its namespace {@link liveNamespace} carries the sessions). */
  readonly io: Server;
  /** Counters since start. */
  stats(): SessionStats;
  /** Looks for idle rooms now (otherwise a timer does). */
  sweep(): void;
  /** The same, for tests: resolves when done. */
  sweepNow(): Promise<void>;
  /**
   * Closes this process's connections (clients reconnect by themselves, to this server restarted or another
   * process of the class) and stops the timers; the store is closed by its owner. The HTTP server stays
   * open: closing it is its owner's job.
   */
  close(): Promise<void>;
}

/** What a connection has joined, kept in `socket.data` so connection-state recovery restores it. */
interface SocketData {
  sessionId?: string;
  role?: 'teacher' | 'student';
  following?: boolean;
  /** A student's key for one answer per question: the join's student tag, or the socket id. */
  studentKey?: string;
}

type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;

/** The socket.io room of a session's students, and of its teachers (who get presence, not their echo). */
const studentsRoom = (id: string): string => `s:${id}`;
const teachersRoom = (id: string): string => `t:${id}`;

/** A presenter key: 16 bytes of a CSPRNG as base64url (22 characters). */
const newPresenterKey = (): string => randomBytes(16).toString('base64url');

/** Whether `key` is the presenter key of session `sessionId` (constant time in the key's content). */
function keyOpens(sessionId: string, key: string): boolean {
  const derived = Buffer.from(sessionIdOf(key));
  const given = Buffer.from(sessionId);
  return derived.length === given.length && timingSafeEqual(derived, given);
}

/**
 * A same-origin check for the websocket handshake: browsers send `Origin` on websockets and apply no CORS
 * to them, so without this any page on the web could open a session socket with the user's network.
 * Clients that send no Origin (Node, tests) are allowed.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** A token bucket: `take()` is false when the connection has used its allowance. */
function tokenBucket(limit: () => RateLimit, now: () => number): { take(): boolean } {
  let tokens = limit().burst;
  let last = now();
  return {
    take() {
      const { perSecond, burst } = limit();
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * perSecond);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/**
 * Attaches the session server to `httpServer` (websocket transport only, same origin, connection-state
 * recovery on). Logs nothing per message.
 * @param httpServer - the server that serves the app (its other requests and upgrades are left alone)
 * @param options - limits, timings, the store and the adapter; see {@link SessionServerOptions}
 * @returns the server, its counters and its `close`
 */
export function attachSessionServer(
  httpServer: HttpServer,
  options: SessionServerOptions = {},
): SessionServer {
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? 4 * 60 * 60 * 1000;
  const presenterRate = options.presenterRate ?? { perSecond: 120, burst: 240 };
  const studentRate = options.studentRate ?? { perSecond: 10, burst: 20 };
  const maxRooms = options.maxRooms ?? 1000;
  const maxCreates = options.maxCreatesPerConnection ?? 10;
  const maxStudents = options.maxStudentsPerRoom ?? 500;
  const maxConnections = options.maxConnections ?? 5000;
  const store = options.store ?? memoryRoomStore();
  const counts = {
    invalid: 0,
    forged: 0,
    rateLimited: 0,
    presented: 0,
    expired: 0,
    answered: 0,
    storeErrors: 0,
    refusedFull: 0,
  };
  /** Rooms this process knows of (for the counter; the store has the truth). */
  let roomsKnown = 0;
  /** The last presence sent to each room's teachers by this process (sent again only when it changes). */
  const lastPresence = new Map<string, string>();

  const io = new Server(httpServer, {
    transports: ['websocket'],
    // Room for a message at the protocol's limit plus socket.io's framing; a bigger frame closes the
    // connection (engine.io's own limit), one between the two is dropped and counted below.
    maxHttpBufferSize: 4 * maxMessageBytes,
    allowRequest: (req, callback) => {
      if (!sameOrigin(req)) return callback(null, false);
      if (io.engine.clientsCount >= maxConnections) {
        counts.refusedFull += 1;
        return callback(null, false);
      }
      callback(null, true);
    },
    // Vite's HMR websocket shares the HTTP server: upgrades that are not ours are their owner's (engine.io
    // would otherwise end one still unanswered after 1 s; Vite answers its own at once, so this is a guard).
    destroyUpgrade: false,
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: options.recoveryMs ?? 2 * 60 * 1000 },
    // A half-open connection (a laptop that slept, a dropped Wi-Fi) is noticed within 20 s, not 45 s, so the
    // teacher's count of students is not long wrong. Its rooms and missed messages stay for recovery.
    pingInterval: 10_000,
    pingTimeout: 10_000,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  const live = io.of(liveNamespace);

  function sendPresence(sessionId: string, presence: LivePresence | undefined, force = false): void {
    if (!presence) return;
    const key = JSON.stringify(presence);
    if (!force && key === lastPresence.get(sessionId)) return;
    lastPresence.set(sessionId, key);
    live.to(teachersRoom(sessionId)).emit('presence', presence);
  }

  /** Whether a presenter message's key opens its session (counted as forged when not). */
  function presenterOk(sessionId: string, key: string): boolean {
    if (keyOpens(sessionId, key)) return true;
    counts.forged += 1;
    return false;
  }

  async function leaveRoom(socket: LiveSocket): Promise<void> {
    const { sessionId, role } = socket.data;
    if (!sessionId) return;
    socket.data = {};
    socket.leave(studentsRoom(sessionId));
    socket.leave(teachersRoom(sessionId));
    if (role === 'student') sendPresence(sessionId, await store.removeStudent(sessionId, socket.id));
  }

  async function joinAsTeacher(socket: LiveSocket, sessionId: string): Promise<void> {
    if (socket.data.sessionId !== sessionId || socket.data.role !== 'teacher') await leaveRoom(socket);
    socket.data = { sessionId, role: 'teacher' };
    socket.join(teachersRoom(sessionId));
    // The count and the open question's answers, to this teacher (a resumed page has neither).
    const [room, answers] = await Promise.all([store.get(sessionId), store.answers(sessionId)]);
    if (!room) return;
    const presence = await store.presence(sessionId);
    if (presence) socket.emit('presence', presence);
    if (answers) socket.emit('answers', answers);
  }

  /** Validates a message (counted and dropped when invalid), then hands the typed message on. */
  function on<E extends keyof LiveClientEvents>(
    socket: LiveSocket,
    event: E,
    handle: (
      message: LiveClientMessage<E>,
      ack: ((reply: unknown) => void) | undefined,
    ) => Promise<void> | void,
  ): void {
    const wantsAck = liveAckEvents.includes(event);
    (socket as unknown as Socket).on(event as string, (raw: unknown, ack: unknown, ...rest: unknown[]) => {
      const checked = checkLiveClientMessage(event, raw);
      if (!checked.ok || rest.length > 0 || wantsAck !== (typeof ack === 'function')) {
        counts.invalid += 1;
        if (!checked.ok && typeof ack === 'function') ack({ ok: false, error: checked.problem });
        return;
      }
      const reply = typeof ack === 'function' ? (ack as (reply: unknown) => void) : undefined;
      Promise.resolve()
        .then(() => handle(checked.value, reply))
        .catch(() => {
          // The store did not answer (Redis down): the request is refused, the connection lives on.
          counts.storeErrors += 1;
          reply?.({ ok: false, error: storeFailedMessage });
        });
    });
  }

  live.on('connection', (rawSocket) => {
    const socket = rawSocket as LiveSocket;
    let creates = 0;
    const bucket = tokenBucket(() => (socket.data.role === 'teacher' ? presenterRate : studentRate), now);
    socket.use(([event], next) => {
      if (!bucket.take()) {
        counts.rateLimited += 1;
        return;
      }
      if (!(liveClientEventNames as readonly string[]).includes(event)) {
        counts.invalid += 1;
        return;
      }
      next();
    });

    // A connection restored by socket.io keeps its rooms and data: count the student again and send the
    // current snapshot (missed broadcasts are replayed too; the newest seq wins on the client).
    if (socket.recovered) {
      void (async () => {
        const { sessionId, role, following } = socket.data;
        const room = sessionId ? await store.get(sessionId) : undefined;
        if (!room || !sessionId) {
          socket.data = {};
        } else if (role === 'student') {
          sendPresence(sessionId, await store.setStudent(sessionId, socket.id, following ?? true));
          socket.emit('snapshot', room.snapshot);
        } else if (role === 'teacher') {
          await joinAsTeacher(socket, sessionId);
        }
      })().catch(() => {
        counts.storeErrors += 1;
      });
    }

    on(socket, 'create', async (message, ack) => {
      if (message.protocol !== currentLiveProtocolVersion) {
        ack?.({ ok: false, error: versionProblem(message.protocol) });
        return;
      }
      if (creates >= maxCreates || (await store.countActive(now() - idleMs)) >= maxRooms) {
        ack?.({ ok: false, error: tooManySessionsMessage });
        return;
      }
      creates += 1;
      let presenterKey = newPresenterKey();
      while (!(await store.create(sessionIdOf(presenterKey), message.caseId, now())))
        presenterKey = newPresenterKey();
      const sessionId = sessionIdOf(presenterKey);
      roomsKnown += 1;
      // The creator is the room's teacher at once (joining again with the key is harmless).
      await joinAsTeacher(socket, sessionId);
      ack?.({ ok: true, sessionId, presenterKey });
    });

    on(socket, 'join', async (message, ack) => {
      if (message.protocol !== currentLiveProtocolVersion) {
        ack?.({ ok: false, error: versionProblem(message.protocol) });
        return;
      }
      const { sessionId } = message;
      if (message.role === 'teacher') {
        if (!presenterOk(sessionId, message.presenterKey ?? '')) {
          ack?.({ ok: false, error: 'This presenter key does not open this live session' });
          return;
        }
        let room = await store.get(sessionId);
        // A server that lost the room (restarted) opens it again for the key's holder, empty.
        if (!room && message.caseId && (await store.countActive(now() - idleMs)) < maxRooms) {
          if (await store.create(sessionId, message.caseId, now())) roomsKnown += 1;
          room = await store.get(sessionId);
        }
        if (!room) {
          ack?.({ ok: false, error: sessionGoneMessage, code: 'gone' });
          return;
        }
        await store.touch(sessionId, now());
        await joinAsTeacher(socket, sessionId);
        ack?.({ ok: true, snapshot: room.snapshot, caseId: room.caseId });
        return;
      }
      const room = await store.get(sessionId);
      if (!room) {
        ack?.({ ok: false, error: sessionGoneMessage, code: 'gone' });
        return;
      }
      // The same student joining again (the client rejoins after every reconnection, recovered or not)
      // stays one student, following or not as it said: the teacher's count does not flicker.
      const again = socket.data.role === 'student' && socket.data.sessionId === sessionId;
      if (!again) {
        const presence = await store.presence(sessionId);
        if (presence && presence.students >= maxStudents) {
          counts.refusedFull += 1;
          ack?.({ ok: false, error: roomFullMessage });
          return;
        }
        await leaveRoom(socket);
      }
      const following = again ? (socket.data.following ?? true) : true;
      socket.data = {
        sessionId,
        role: 'student',
        following,
        studentKey: message.studentTag ?? socket.data.studentKey ?? socket.id,
      };
      socket.join(studentsRoom(sessionId));
      await store.touch(sessionId, now());
      sendPresence(sessionId, await store.setStudent(sessionId, socket.id, following));
      ack?.({ ok: true, snapshot: room.snapshot, caseId: room.caseId });
      if (room.pointer) socket.emit('pointer', room.pointer);
    });

    on(socket, 'present', async (message) => {
      if (!presenterOk(message.sessionId, message.presenterKey)) return;
      const snapshot = await store.present(
        message.sessionId,
        { view: message.view, tourStep: message.tourStep, tour: message.tour ?? null },
        now(),
      );
      if (!snapshot) return;
      counts.presented += 1;
      live.to(studentsRoom(message.sessionId)).emit('snapshot', snapshot);
    });

    on(socket, 'point', async (message) => {
      if (!presenterOk(message.sessionId, message.presenterKey)) return;
      if (await store.point(message.sessionId, message.pointer, now()))
        live.to(studentsRoom(message.sessionId)).emit('pointer', message.pointer);
    });

    on(socket, 'status', async (message) => {
      const { sessionId, role } = socket.data;
      if (role !== 'student' || sessionId !== message.sessionId) {
        counts.invalid += 1;
        return;
      }
      socket.data.following = message.following;
      sendPresence(sessionId, await store.setStudent(sessionId, socket.id, message.following));
    });

    on(socket, 'quiz', async (message, ack) => {
      const { sessionId, presenterKey, ...action } = message;
      if (!presenterOk(sessionId, presenterKey)) {
        ack?.({ ok: false, error: 'This presenter key does not open this live session' });
        return;
      }
      const outcome = await store.quiz(sessionId, action, now());
      if ('refused' in outcome) {
        ack?.({
          ok: false,
          error: outcome.refused === 'gone' ? sessionGoneMessage : 'No question is open in this session',
          ...(outcome.refused === 'gone' ? { code: 'gone' } : {}),
        });
        return;
      }
      const { snapshot } = outcome;
      live.to(studentsRoom(sessionId)).emit('snapshot', snapshot);
      if (action.action === 'ask' && snapshot.quiz)
        live
          .to(teachersRoom(sessionId))
          .emit('answers', { round: snapshot.quiz.round, complete: true, entries: [] });
      ack?.({ ok: true, quiz: snapshot.quiz });
    });

    on(socket, 'answer', async (message, ack) => {
      const { sessionId, role, studentKey } = socket.data;
      if (role !== 'student' || sessionId !== message.sessionId || !studentKey) {
        counts.invalid += 1;
        ack?.({ ok: false, error: 'Join the live session as a student to answer' });
        return;
      }
      const outcome = await store.answer(sessionId, studentKey, message.round, message.answer);
      if ('refused' in outcome) {
        ack?.({ ok: false, error: answerRefusalMessages[outcome.refused] });
        return;
      }
      counts.answered += 1;
      live
        .to(teachersRoom(sessionId))
        .emit('answers', { round: message.round, complete: false, entries: [outcome.entry] });
      ack?.({ ok: true });
    });

    on(socket, 'end', async (message) => {
      if (!presenterOk(message.sessionId, message.presenterKey)) return;
      await closeRoom(message.sessionId, sessionEndedByTeacherMessage);
    });

    socket.on('disconnect', () => {
      const { sessionId, role } = socket.data;
      // socket.data stays as it is: connection-state recovery brings it back with the same socket id.
      if (sessionId && role === 'student')
        void store
          .removeStudent(sessionId, socket.id)
          .then((presence) => sendPresence(sessionId, presence))
          .catch(() => {
            counts.storeErrors += 1;
          });
    });
  });

  /** Removes a room and tells its clients (on every process: the adapter carries it). */
  async function closeRoom(sessionId: string, reason: string): Promise<boolean> {
    if (!(await store.remove(sessionId))) return false;
    roomsKnown = Math.max(0, roomsKnown - 1);
    lastPresence.delete(sessionId);
    for (const name of [studentsRoom(sessionId), teachersRoom(sessionId)]) {
      live.to(name).emit('ended', reason);
      live.in(name).socketsLeave(name);
    }
    return true;
  }

  async function sweep(): Promise<void> {
    for (const id of await store.idle(now() - idleMs)) {
      if (await closeRoom(id, sessionExpiredMessage)) counts.expired += 1;
    }
  }
  const runSweep = (): void => {
    sweep().catch(() => {
      counts.storeErrors += 1;
    });
  };
  const timer = setInterval(runSweep, options.sweepMs ?? Math.min(60_000, Math.max(10, idleMs / 4)));
  timer.unref();

  return {
    io,
    stats: () => ({ rooms: roomsKnown, ...counts }),
    sweep: runSweep,
    async sweepNow() {
      await sweep();
    },
    async close() {
      clearInterval(timer);
      // Closing the transports (not a server-side disconnect) lets the clients reconnect by themselves.
      io.engine.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

/** The refusal of a client speaking another protocol version. */
function versionProblem(version: number): string {
  return `This page speaks live-session protocol ${version}, the server ${currentLiveProtocolVersion}: reload the page`;
}

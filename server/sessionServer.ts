/**
 * The live-class session server (issue 14): socket.io rooms, one per session, each keeping its latest
 * snapshot, so late joiners and reconnecting students get the teacher's view at once. Attaches to an
 * existing Node HTTP server (Vite's dev and preview servers, or server/serve.ts). Rooms live in memory only.
 * Depends on socket.io and the protocol module; nothing of the browser app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  checkLiveClientMessage,
  currentLiveProtocolVersion,
  type LiveClientEvents,
  type LiveClientMessage,
  type LivePointer,
  type LivePresence,
  type LiveServerEvents,
  type LiveSnapshot,
  liveClientEventNames,
  liveNamespace,
  maxMessageBytes,
} from '../src/model/liveProtocol.ts';

/** What a joining client is told when its session is not (or no longer) in this server's memory. */
export const sessionGoneMessage = 'This live session has ended or the server restarted';
/** Sent with `ended` when a room expires. */
export const sessionExpiredMessage = 'This live session ended after a long time without activity';
/** The refusal of a create when the server holds its most rooms. */
export const tooManySessionsMessage = 'This server has too many live sessions open: try again later';
/** Sent with `ended` when the server shuts down. */
export const serverClosingMessage = 'The live-session server is shutting down';

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
}

/** The running session server. */
export interface SessionServer {
  /** The socket.io server (its namespace {@link liveNamespace} carries the sessions). */
  readonly io: Server;
  /** Counters since start. */
  stats(): SessionStats;
  /** Looks for idle rooms now (tests; otherwise a timer does). */
  sweep(): void;
  /**
   * Tells every client the server is shutting down (`ended`), disconnects them and stops the timers. The
   * HTTP server stays open: closing it is its owner's job.
   */
  close(): Promise<void>;
}

/** One session in memory. */
interface Room {
  readonly id: string;
  readonly caseId: string;
  readonly presenterKey: Buffer;
  snapshot: LiveSnapshot;
  pointer: LivePointer | null;
  lastActive: number;
  /** Each joined student's socket id and whether it follows the teacher. */
  readonly students: Map<string, boolean>;
  /** The last presence sent to the teacher (sent again only when it changes). */
  lastPresence: string;
}

/** What a connection has joined, kept in `socket.data` so connection-state recovery restores it. */
interface SocketData {
  sessionId?: string;
  role?: 'teacher' | 'student';
  following?: boolean;
}

type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;

/** The socket.io room of a session's students, and of its teachers (who get presence, not their echo). */
const studentsRoom = (id: string): string => `s:${id}`;
const teachersRoom = (id: string): string => `t:${id}`;

/** `bytes` random bytes as base64url (8 bytes give 11 characters: cut to the pattern's 10). */
const randomToken = (bytes: number, length: number): string =>
  randomBytes(bytes).toString('base64url').slice(0, length);

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
 * @param options - limits and timings; see {@link SessionServerOptions}
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
  const counts = { invalid: 0, forged: 0, rateLimited: 0, presented: 0, expired: 0 };
  const rooms = new Map<string, Room>();

  const io = new Server(httpServer, {
    transports: ['websocket'],
    // Room for a message at the protocol's limit plus socket.io's framing; a bigger frame closes the
    // connection (engine.io's own limit), one between the two is dropped and counted below.
    maxHttpBufferSize: 4 * maxMessageBytes,
    allowRequest: (req, callback) => callback(null, sameOrigin(req)),
    // Vite's HMR websocket shares the HTTP server: upgrades that are not ours are their owner's (engine.io
    // would otherwise end one still unanswered after 1 s; Vite answers its own at once, so this is a guard).
    destroyUpgrade: false,
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: options.recoveryMs ?? 2 * 60 * 1000 },
    // A half-open connection (a laptop that slept, a dropped Wi-Fi) is noticed within 20 s, not 45 s, so the
    // teacher's count of students is not long wrong. Its rooms and missed messages stay for recovery.
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  const live = io.of(liveNamespace);

  function sendPresence(room: Room, force = false): void {
    let following = 0;
    for (const follows of room.students.values()) if (follows) following += 1;
    const presence: LivePresence = {
      students: room.students.size,
      following,
      detached: room.students.size - following,
    };
    const key = JSON.stringify(presence);
    if (!force && key === room.lastPresence) return;
    room.lastPresence = key;
    live.to(teachersRoom(room.id)).emit('presence', presence);
  }

  /** The room of a presenter message whose key is right, or undefined (counted as forged). */
  function presenterRoom(sessionId: string, key: string): Room | undefined {
    const room = rooms.get(sessionId);
    const given = Buffer.from(key);
    if (!room || given.length !== room.presenterKey.length || !timingSafeEqual(given, room.presenterKey)) {
      counts.forged += 1;
      return undefined;
    }
    return room;
  }

  function leaveRoom(socket: LiveSocket): void {
    const { sessionId, role } = socket.data;
    if (!sessionId) return;
    const room = rooms.get(sessionId);
    if (role === 'student' && room?.students.delete(socket.id)) sendPresence(room);
    socket.leave(studentsRoom(sessionId));
    socket.leave(teachersRoom(sessionId));
    socket.data = {};
  }

  function joinAsTeacher(socket: LiveSocket, room: Room): void {
    leaveRoom(socket);
    socket.data = { sessionId: room.id, role: 'teacher' };
    socket.join(teachersRoom(room.id));
    sendPresence(room, true);
  }

  /** Validates a message (counted and dropped when invalid), then hands the typed message on. */
  function on<E extends keyof LiveClientEvents>(
    socket: LiveSocket,
    event: E,
    handle: (message: LiveClientMessage<E>, ack: ((reply: unknown) => void) | undefined) => void,
  ): void {
    (socket as unknown as Socket).on(event as string, (raw: unknown, ack: unknown, ...rest: unknown[]) => {
      const wantsAck = event === 'create' || event === 'join';
      const checked = checkLiveClientMessage(event, raw);
      if (!checked.ok || rest.length > 0 || wantsAck !== (typeof ack === 'function')) {
        counts.invalid += 1;
        if (!checked.ok && typeof ack === 'function') ack({ ok: false, error: checked.problem });
        return;
      }
      handle(checked.value, typeof ack === 'function' ? (ack as (reply: unknown) => void) : undefined);
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
      const { sessionId, role, following } = socket.data;
      const room = sessionId ? rooms.get(sessionId) : undefined;
      if (!room) {
        if (sessionId) socket.emit('ended', sessionGoneMessage);
        socket.data = {};
      } else if (role === 'student') {
        room.students.set(socket.id, following ?? true);
        sendPresence(room);
        socket.emit('snapshot', room.snapshot);
      } else if (role === 'teacher') {
        sendPresence(room, true);
      }
    }

    on(socket, 'create', (message, ack) => {
      if (message.protocol !== currentLiveProtocolVersion) {
        ack?.({ ok: false, error: versionProblem(message.protocol) });
        return;
      }
      if (rooms.size >= maxRooms || creates >= maxCreates) {
        ack?.({ ok: false, error: tooManySessionsMessage });
        return;
      }
      creates += 1;
      let sessionId = randomToken(8, 10);
      while (rooms.has(sessionId)) sessionId = randomToken(8, 10);
      const presenterKey = randomToken(16, 22);
      const room: Room = {
        id: sessionId,
        caseId: message.caseId,
        presenterKey: Buffer.from(presenterKey),
        snapshot: { seq: 0, view: null, tourStep: null },
        pointer: null,
        lastActive: now(),
        students: new Map(),
        lastPresence: '',
      };
      rooms.set(sessionId, room);
      // The creator is the room's teacher at once (joining again with the key is harmless).
      joinAsTeacher(socket, room);
      ack?.({ ok: true, sessionId, presenterKey });
    });

    on(socket, 'join', (message, ack) => {
      if (message.protocol !== currentLiveProtocolVersion) {
        ack?.({ ok: false, error: versionProblem(message.protocol) });
        return;
      }
      const room = rooms.get(message.sessionId);
      if (!room) {
        if (message.role === 'teacher') counts.forged += 1;
        ack?.({ ok: false, error: sessionGoneMessage });
        return;
      }
      if (message.role === 'teacher') {
        if (!presenterRoom(message.sessionId, message.presenterKey ?? '')) {
          ack?.({ ok: false, error: 'This presenter key does not open this live session' });
          return;
        }
        room.lastActive = now();
        joinAsTeacher(socket, room);
      } else {
        room.lastActive = now();
        // The same student joining again (the client rejoins after every reconnection, recovered or not)
        // stays one student, following or not as it said: the teacher's count does not flicker.
        const again = socket.data.role === 'student' && socket.data.sessionId === room.id;
        const following = again ? (socket.data.following ?? true) : true;
        if (!again) leaveRoom(socket);
        socket.data = { sessionId: room.id, role: 'student', following };
        socket.join(studentsRoom(room.id));
        room.students.set(socket.id, following);
        sendPresence(room);
      }
      ack?.({ ok: true, snapshot: room.snapshot, caseId: room.caseId });
      if (message.role === 'student' && room.pointer) socket.emit('pointer', room.pointer);
    });

    on(socket, 'present', (message) => {
      const room = presenterRoom(message.sessionId, message.presenterKey);
      if (!room) return;
      room.snapshot = { seq: room.snapshot.seq + 1, view: message.view, tourStep: message.tourStep };
      room.lastActive = now();
      counts.presented += 1;
      live.to(studentsRoom(room.id)).emit('snapshot', room.snapshot);
    });

    on(socket, 'point', (message) => {
      const room = presenterRoom(message.sessionId, message.presenterKey);
      if (!room) return;
      room.pointer = message.pointer;
      room.lastActive = now();
      live.to(studentsRoom(room.id)).emit('pointer', message.pointer);
    });

    on(socket, 'status', (message) => {
      const { sessionId, role } = socket.data;
      const room = rooms.get(message.sessionId);
      if (role !== 'student' || sessionId !== message.sessionId || !room) {
        counts.invalid += 1;
        return;
      }
      socket.data.following = message.following;
      room.students.set(socket.id, message.following);
      sendPresence(room);
    });

    socket.on('disconnect', () => {
      const { sessionId, role } = socket.data;
      const room = sessionId ? rooms.get(sessionId) : undefined;
      // socket.data stays as it is: connection-state recovery brings it back with the same socket id.
      if (room && role === 'student' && room.students.delete(socket.id)) sendPresence(room);
    });
  });

  function sweep(): void {
    const cutoff = now() - idleMs;
    for (const room of [...rooms.values()]) {
      if (room.lastActive > cutoff) continue;
      rooms.delete(room.id);
      counts.expired += 1;
      for (const name of [studentsRoom(room.id), teachersRoom(room.id)]) {
        live.to(name).emit('ended', sessionExpiredMessage);
        live.in(name).socketsLeave(name);
      }
    }
  }
  const timer = setInterval(sweep, options.sweepMs ?? Math.min(60_000, Math.max(10, idleMs / 4)));
  timer.unref();

  return {
    io,
    stats: () => ({ rooms: rooms.size, ...counts }),
    sweep,
    async close() {
      clearInterval(timer);
      live.emit('ended', serverClosingMessage);
      rooms.clear();
      // Give the `ended` frames a moment to leave before the sockets close.
      await new Promise((resolve) => setTimeout(resolve, 20));
      live.disconnectSockets(true);
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}

/** The refusal of a client speaking another protocol version. */
function versionProblem(version: number): string {
  return `This page speaks live-session protocol ${version}, the server ${currentLiveProtocolVersion}: reload the page`;
}

/**
 * The browser's connection to the live-class session server (issue 14): a thin wrapper over socket.io-client
 * on the app's own origin, websocket only. It checks every server message with the protocol's validators
 * (an invalid one is dropped and counted, never passed on), waits for acknowledgements with a timeout, and
 * joins again after every reconnection so the caller resyncs from the room's snapshot. socket.io-client is
 * loaded with a dynamic import, only when a session is started or a session link is opened. No DOM.
 */
import {
  checkLiveAnswers,
  checkLivePointer,
  checkLivePresence,
  checkLiveQuizState,
  checkLiveSnapshot,
  currentLiveProtocolVersion,
  type LiveAnswer,
  type LiveAnswers,
  type LivePointer,
  type LivePresence,
  type LiveQuizAction,
  type LiveQuizState,
  type LiveReply,
  type LiveSnapshot,
  type LiveTourStep,
  liveNamespace,
  presenterKeyPattern,
  sessionIdPattern,
  studentTagPattern,
} from '../model/liveProtocol.ts';
import type { ViewDocument } from '../model/ViewDocument.ts';

/** Said when no session server answers: the static build (vite preview of dist/, any static host). */
export const staticCopyMessage =
  'Live sessions need the casebook server (npm start or npm run serve); this copy is static.';

/** Said when the server does not acknowledge in time. */
export const noAnswerMessage = 'The live-session server did not answer in time; try again.';

/** How long an acknowledgement may take (ms). */
export const defaultAckTimeoutMs = 5000;

/** The part of a socket.io-client socket this module uses (a fake one in tests). */
export interface LiveSocket {
  readonly connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  timeout(ms: number): {
    emit(event: string, message: unknown, ack: (error: unknown, reply: unknown) => void): unknown;
  };
  disconnect(): unknown;
}

/** Opens a socket to a URL (socket.io-client's `io` in the app). */
export type LiveSocketFactory = (url: string) => LiveSocket;

/**
 * Where the connection is. `waiting`: connected again, but the server lost the session (it restarted):
 * a student waits for the teacher's page to open it again.
 */
export type LiveConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'waiting' | 'unavailable';

/** How long a student waits for a lost session to come back before giving up (ms). */
export const defaultResumeWaitMs = 3 * 60 * 1000;

/** How often a waiting student asks again (ms). */
const resumeRetryMs = 2000;

/** What the client passes on; every payload has been validated. */
export interface LiveClientHandlers {
  /** A room snapshot: a live update, or (resync true) the reply to a (re)join. */
  onSnapshot?(snapshot: LiveSnapshot, resync: boolean): void;
  onPresence?(presence: LivePresence): void;
  /** The teacher's laser pointer moved, or went away (null). */
  onPointer?(pointer: LivePointer | null): void;
  /** To the teacher: the class's answers to the open question (all, or the new ones). */
  onAnswers?(answers: LiveAnswers): void;
  /** The session ended (expired, or the server shut down): a sentence from the server, as text. */
  onEnded?(reason: string): void;
  onConnection?(state: LiveConnectionState): void;
}

/** Options of {@link LiveClient.connect}. */
export interface LiveClientOptions {
  /** Opens the socket; socket.io-client (loaded now) when absent. */
  readonly factory?: LiveSocketFactory;
  readonly ackTimeoutMs?: number;
  /**
   * The open case: a teacher's rejoin names it, so a server that lost the room (restarted) opens it again.
   */
  readonly caseId?: string;
  /** How long a student waits for a lost session ({@link defaultResumeWaitMs}). */
  readonly resumeWaitMs?: number;
}

/** Who this browser is in a session. */
type Joined =
  | { readonly role: 'student'; readonly sessionId: string; readonly studentTag?: string }
  | { readonly role: 'teacher'; readonly sessionId: string; readonly presenterKey: string };

/** How long a teacher who ended the session waits for the server's `ended` before leaving (ms). */
const endWaitMs = 2000;

/** Longest sentence taken from the server (an error or an end reason). */
const maxSentence = 300;

/** Loads socket.io-client (its own chunk) and returns a websocket-only factory. */
export async function loadSocketFactory(): Promise<LiveSocketFactory> {
  const { io } = await import('socket.io-client');
  return (url) => io(url, { transports: ['websocket'] }) as unknown as LiveSocket;
}

/** One connection to the session server. */
export class LiveClient {
  /** Server messages dropped because they did not validate. */
  invalidMessages = 0;
  private joined: Joined | null = null;
  private everConnected = false;
  private readonly ready: Promise<boolean>;

  private constructor(
    private readonly socket: LiveSocket,
    private readonly handlers: LiveClientHandlers,
    private readonly ackTimeoutMs: number,
    private caseId: string | undefined,
    private readonly resumeWaitMs: number,
  ) {
    let settle: (connected: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => {
      settle = resolve;
    });
    handlers.onConnection?.('connecting');
    socket.on('connect', () => {
      const again = this.everConnected;
      this.everConnected = true;
      settle(true);
      // After a reconnection 'connected' waits for the rejoin, so what the caller sends then (the teacher's
      // view on screen) reaches a room that exists again.
      if (again && this.joined) void this.rejoin(this.joined);
      else handlers.onConnection?.('connected');
    });
    socket.on('disconnect', () => {
      if (this.everConnected) handlers.onConnection?.('reconnecting');
    });
    socket.on('connect_error', () => {
      if (this.everConnected) return;
      // Nothing ever answered: a static copy. Stop retrying; say so.
      settle(false);
      socket.disconnect();
      handlers.onConnection?.('unavailable');
    });
    socket.on('snapshot', (raw: unknown) => {
      const checked = checkLiveSnapshot(raw);
      if (checked.ok) handlers.onSnapshot?.(checked.value, false);
      else this.drop(checked.problem);
    });
    socket.on('presence', (raw: unknown) => {
      const checked = checkLivePresence(raw);
      if (checked.ok) handlers.onPresence?.(checked.value);
      else this.drop(checked.problem);
    });
    socket.on('pointer', (raw: unknown) => {
      const checked = checkLivePointer(raw);
      if (checked.ok) handlers.onPointer?.(checked.value);
      else this.drop(checked.problem);
    });
    socket.on('answers', (raw: unknown) => {
      const checked = checkLiveAnswers(raw);
      if (checked.ok) handlers.onAnswers?.(checked.value);
      else this.drop(checked.problem);
    });
    socket.on('ended', (raw: unknown) => {
      if (typeof raw === 'string') handlers.onEnded?.(raw.slice(0, maxSentence));
      else this.drop('ended: the reason must be a string');
    });
  }

  /**
   * Opens a connection to the session server on `origin`.
   * @param origin - the app's own origin, e.g. `location.origin`
   * @param handlers - what to do with the server's messages
   * @param options - a socket factory (tests) and the acknowledgement timeout
   */
  static async connect(
    origin: string,
    handlers: LiveClientHandlers,
    options: LiveClientOptions = {},
  ): Promise<LiveClient> {
    const factory = options.factory ?? (await loadSocketFactory());
    return new LiveClient(
      factory(`${origin}${liveNamespace}`),
      handlers,
      options.ackTimeoutMs ?? defaultAckTimeoutMs,
      options.caseId,
      options.resumeWaitMs ?? defaultResumeWaitMs,
    );
  }

  /** Whether the socket is connected now. */
  get connected(): boolean {
    return this.socket.connected;
  }

  /**
   * Creates a session for a case (the teacher), and joins it as its presenter.
   * @param caseId - the open case
   * @returns the session id and presenter key, or why not (a sentence)
   */
  async create(caseId: string): Promise<LiveReply<{ sessionId: string; presenterKey: string }>> {
    this.caseId ??= caseId;
    const reply = await this.request('create', { protocol: currentLiveProtocolVersion, caseId });
    if (!reply.ok) return reply;
    const { sessionId, presenterKey } = reply.value as { sessionId?: unknown; presenterKey?: unknown };
    if (
      typeof sessionId !== 'string' ||
      !sessionIdPattern.test(sessionId) ||
      typeof presenterKey !== 'string' ||
      !presenterKeyPattern.test(presenterKey)
    ) {
      return this.badReply('create');
    }
    this.joined = { role: 'teacher', sessionId, presenterKey };
    return { ok: true, sessionId, presenterKey };
  }

  /**
   * Joins a session: a student, or the teacher again (after a reload) with the presenter key. The reply
   * carries the room's snapshot. Joins again by itself after every reconnection; that snapshot reaches
   * `onSnapshot` with resync true.
   * @param sessionId - from the link
   * @param presenterKey - the teacher's key; absent for a student
   * @param studentTag - a student's own tag ({@link newStudentTag}, kept per tab): one answer per question
   *   across reloads
   * @returns the room's snapshot and case, or why not
   */
  async join(
    sessionId: string,
    presenterKey?: string,
    studentTag?: string,
  ): Promise<LiveReply<{ snapshot: LiveSnapshot; caseId: string }>> {
    const joined: Joined =
      presenterKey === undefined
        ? { role: 'student', sessionId, ...(studentTag ? { studentTag } : {}) }
        : { role: 'teacher', sessionId, presenterKey };
    const reply = await this.sendJoin(joined, false);
    if (reply.ok) this.joined = joined;
    return reply;
  }

  /**
   * The teacher's view now (the caller coalesces to the display rate). Nothing unless joined as teacher.
   * @param view - the view document
   * @param tourStep - the tour step shown, or null
   * @param tour - the step's title and caption, or null
   */
  present(view: ViewDocument, tourStep: number | null, tour: LiveTourStep | null = null): boolean {
    const joined = this.joined;
    if (joined?.role !== 'teacher' || !this.socket.connected) return false;
    this.socket.emit('present', {
      sessionId: joined.sessionId,
      presenterKey: joined.presenterKey,
      view,
      tourStep,
      tour,
    });
    return true;
  }

  /**
   * The teacher asks the class a quiz question, reveals its answer to all, or closes it.
   * @param action - what to do
   * @returns the room's quiz state after it, or why not
   */
  async quiz(action: LiveQuizAction): Promise<LiveReply<{ quiz: LiveQuizState | null }>> {
    const joined = this.joined;
    if (joined?.role !== 'teacher') return { ok: false, error: 'Only the presenter can run a live quiz.' };
    const reply = await this.request('quiz', {
      sessionId: joined.sessionId,
      presenterKey: joined.presenterKey,
      ...action,
    });
    if (!reply.ok) return reply;
    const checked = checkLiveQuizState((reply.value as { quiz?: unknown }).quiz);
    if (!checked.ok) return this.badReply('quiz');
    return { ok: true, quiz: checked.value };
  }

  /**
   * A student's answer to the open question (a later one replaces it).
   * @param round - the question's round (from the snapshot's quiz)
   * @param answer - the click, the chosen options or the measured value
   * @returns ok, or why the server refused it (the question closed, ...)
   */
  async answer(round: number, answer: LiveAnswer): Promise<LiveReply<Record<never, never>>> {
    const joined = this.joined;
    if (joined?.role !== 'student') return { ok: false, error: 'Only a student answers a live question.' };
    const reply = await this.request('answer', { sessionId: joined.sessionId, round, answer });
    return reply.ok ? { ok: true } : reply;
  }

  /** The teacher ends the session for everyone (students are told); this client leaves it. */
  end(): void {
    const joined = this.joined;
    if (joined?.role !== 'teacher' || !this.socket.connected) {
      this.close();
      return;
    }
    this.socket.emit('end', { sessionId: joined.sessionId, presenterKey: joined.presenterKey });
    // The server dispatches an event a tick after it arrives and drops it if the socket has disconnected
    // by then: a disconnect sent right behind `end` loses it. Leave once the server says the session
    // ended (it tells the teacher too), or after a moment.
    this.joined = null;
    const leave = () => this.close();
    this.socket.on('ended', leave);
    setTimeout(leave, endWaitMs);
  }

  /**
   * The teacher's laser pointer (the caller coalesces to the display rate), or null: gone. Nothing unless
   * joined as teacher.
   * @param pointer - the image and point, or null
   * @returns whether it was sent
   */
  point(pointer: LivePointer | null): boolean {
    const joined = this.joined;
    if (joined?.role !== 'teacher' || !this.socket.connected) return false;
    this.socket.emit('point', { sessionId: joined.sessionId, presenterKey: joined.presenterKey, pointer });
    return true;
  }

  /**
   * A student follows the teacher, or explores alone (for the teacher's count).
   * @param following - whether the student follows
   */
  status(following: boolean): void {
    const joined = this.joined;
    if (joined?.role !== 'student') return;
    this.socket.emit('status', { sessionId: joined.sessionId, following });
  }

  /**
   * Sends an event as it is (diagnostics: what any script in the page could send; the server must refuse
   * what it should not accept).
   * @param event - event name
   * @param message - payload
   */
  emitRaw(event: string, message: unknown): void {
    this.socket.emit(event, message);
  }

  /** Leaves: no more messages either way. */
  close(): void {
    this.joined = null;
    this.socket.disconnect();
  }

  private async rejoin(joined: Joined): Promise<void> {
    const giveUpAt = Date.now() + this.resumeWaitMs;
    for (;;) {
      const reply = await this.sendJoin(joined, true);
      if (reply.ok || this.joined !== joined) {
        if (reply.ok) this.handlers.onConnection?.('connected');
        return;
      }
      // A student of a session the server lost waits for the teacher's page to open it again.
      const wait = reply.code === 'gone' && joined.role === 'student' && Date.now() < giveUpAt;
      if (!wait) {
        this.handlers.onEnded?.(reply.error);
        return;
      }
      this.handlers.onConnection?.('waiting');
      await new Promise((resolve) => setTimeout(resolve, resumeRetryMs));
      if (this.joined !== joined || !this.socket.connected) return;
    }
  }

  /** Joins; `resync`: a rejoin after a reconnection, whose snapshot goes to `onSnapshot`. */
  private async sendJoin(
    joined: Joined,
    resync: boolean,
  ): Promise<LiveReply<{ snapshot: LiveSnapshot; caseId: string }>> {
    const reply = await this.request('join', {
      protocol: currentLiveProtocolVersion,
      sessionId: joined.sessionId,
      role: joined.role,
      ...(joined.role === 'teacher' ? { presenterKey: joined.presenterKey } : {}),
      ...(joined.role === 'student' && joined.studentTag ? { studentTag: joined.studentTag } : {}),
      ...(joined.role === 'teacher' && this.caseId ? { caseId: this.caseId } : {}),
    });
    if (!reply.ok) return reply;
    const { snapshot, caseId } = reply.value as { snapshot?: unknown; caseId?: unknown };
    const checked = checkLiveSnapshot(snapshot);
    if (!checked.ok || typeof caseId !== 'string') return this.badReply('join');
    if (resync) this.handlers.onSnapshot?.(checked.value, true);
    return { ok: true, snapshot: checked.value, caseId };
  }

  /** Emits with an acknowledgement; the reply's `ok: false` and a timeout become a sentence. */
  private async request(
    event: 'create' | 'join' | 'quiz' | 'answer',
    message: unknown,
  ): Promise<{ ok: true; value: object } | { ok: false; error: string; code?: 'gone' }> {
    if (!(await this.ready)) return { ok: false, error: staticCopyMessage };
    const reply = await new Promise<unknown>((resolve) => {
      this.socket.timeout(this.ackTimeoutMs).emit(event, message, (error, value) => {
        resolve(error ? timedOut : value);
      });
    });
    if (reply === timedOut) return { ok: false, error: noAnswerMessage };
    if (typeof reply !== 'object' || reply === null) return this.badReply(event);
    const { ok, error, code } = reply as { ok?: unknown; error?: unknown; code?: unknown };
    if (ok === true) return { ok: true, value: reply };
    if (ok === false && typeof error === 'string')
      return { ok: false, error: error.slice(0, maxSentence), ...(code === 'gone' ? { code } : {}) };
    return this.badReply(event);
  }

  private badReply(event: string): { ok: false; error: string } {
    this.drop(`${event}: the reply is not valid`);
    return { ok: false, error: `The live-session server sent a reply this app cannot read (${event}).` };
  }

  private drop(problem: string): void {
    this.invalidMessages += 1;
    if (this.invalidMessages <= 3) console.warn(`Live session: dropped a message (${problem})`);
  }
}

const timedOut = Symbol('timed out');

/** A new student tag: 96 random bits as 16 characters of base64url (see `studentTagPattern`). */
export function newStudentTag(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const tag = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
  if (!studentTagPattern.test(tag)) throw new Error(`bad student tag ${tag}`);
  return tag;
}

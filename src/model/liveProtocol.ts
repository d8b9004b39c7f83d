/**
 * The live-class protocol (issue 14): what a teacher's browser, the session server and students' browsers
 * say to each other over socket.io. Types, event names, limits and the validators both sides run on every
 * message (a message that does not validate is dropped and counted, never applied). Pure; no DOM, no
 * socket.io, no Node: the server and the browser import it alike.
 */
import {
  array,
  boolean,
  childPath,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  refine,
  run,
  string,
  tagged,
  tuple,
  type Validator,
} from '../lib/validate.ts';
import type { ViewDocument } from './ViewDocument.ts';

/** Versions of the protocol; a client and a server of different versions refuse each other clearly. */
export const liveProtocolVersions = { first: 1 } as const;
export const currentLiveProtocolVersion = liveProtocolVersions.first;

/** socket.io namespace of live sessions (the app's own origin). */
export const liveNamespace = '/live';

/** Largest message accepted, bytes of JSON (a 2x2 view document is ~1.5 KB). */
export const maxMessageBytes = 32 * 1024;

/** Largest `answers` message to the teacher (every student's answer at once, after a teacher rejoins). */
export const maxAnswersBytes = 1024 * 1024;

/** A session id: short, unguessable (from a CSPRNG), URL-safe: 10 characters of [A-Za-z0-9_-] (60 bits). */
export const sessionIdPattern = /^[A-Za-z0-9_-]{10}$/;

/** A presenter key: only the teacher's browser holds it (128 bits, base64url, 22 characters). */
export const presenterKeyPattern = /^[A-Za-z0-9_-]{22}$/;

/** The teacher's pointer on an image, in patient mm (pixels on a projection image), or null: not shown. */
export interface LivePointer {
  readonly image: { readonly seriesKey: string; readonly SOPInstanceUID: string };
  /** Patient coordinates (LPS, mm) on a cross-sectional image; [column, row, 0] on a projection image. */
  readonly point: readonly [number, number, number];
}

/** A tour step as the teacher shows it: the students' banner shows its title and caption, as text only. */
export interface LiveTourStep {
  /** 0-based. */
  readonly index: number;
  /** Steps in the tour. */
  readonly count: number;
  /** The tour's title (plain text, at most {@link maxTextLength} characters). */
  readonly title: string;
  /** The step's caption (Markdown source in the tour file; students render it as plain text). */
  readonly caption: string;
}

/** The question the teacher put to the class, or null (none open). */
export interface LiveQuizState {
  /** Increases with every question asked in the room; an answer carries it (an older round's is dropped). */
  readonly round: number;
  /** The question's id in the case's quiz file (each student's app has the same file). */
  readonly questionId: string;
  /** The teacher revealed the answer to the class. */
  readonly revealed: boolean;
}

/** What the room shows now: the teacher's view, tour step and quiz question, with a sequence number. */
export interface LiveSnapshot {
  /** Increases by one with every presenter update the server accepts. */
  readonly seq: number;
  /** The teacher's view document (parsed and checked by each student against the case). */
  readonly view: ViewDocument | null;
  /** Step of the tour the teacher plays (0-based), or null. */
  readonly tourStep: number | null;
  /** The tour step's text, or null (no tour, or an older teacher page). */
  readonly tour: LiveTourStep | null;
  /** The open live quiz question, or null. */
  readonly quiz: LiveQuizState | null;
}

/** A student's answer to a live question (a locate click in patient mm, chosen options, a measured mean). */
export type LiveAnswer =
  | {
      readonly kind: 'locate';
      readonly image: { readonly seriesKey: string; readonly SOPInstanceUID: string };
      /** Patient coordinates (LPS, mm) on a cross-sectional image; [column, row, 0] on a projection image. */
      readonly point: readonly [number, number, number];
    }
  | { readonly kind: 'choose'; readonly options: readonly string[] }
  | { readonly kind: 'measure'; readonly value: number };

/** One student's answer, as the teacher sees it: `from` is an opaque per-session tag, never a name. */
export interface LiveAnswerEntry {
  readonly from: string;
  readonly answer: LiveAnswer;
}

/** The class's answers to the open question: all of them (`complete`), or ones new or changed since. */
export interface LiveAnswers {
  readonly round: number;
  readonly complete: boolean;
  readonly entries: readonly LiveAnswerEntry[];
}

/** What the teacher does with the live quiz. */
export type LiveQuizAction =
  | { readonly action: 'ask'; readonly questionId: string }
  | { readonly action: 'reveal' }
  | { readonly action: 'close' };

/** Count of students in a room, for the teacher. */
export interface LivePresence {
  readonly students: number;
  readonly following: number;
  readonly detached: number;
}

/** Client -> server events, with their payloads; each acknowledged where it says `ack`. */
export interface LiveClientEvents {
  /** Teacher: a new session for a case. ack: the session id and the presenter key. */
  create: (
    message: { readonly protocol: number; readonly caseId: string },
    ack: (reply: LiveReply<{ readonly sessionId: string; readonly presenterKey: string }>) => void,
  ) => void;
  /** Anyone: join a session (the teacher again with the presenter key). ack: the current snapshot. */
  join: (
    message: {
      readonly protocol: number;
      readonly sessionId: string;
      readonly role: 'teacher' | 'student';
      readonly presenterKey?: string;
      /**
       * A student's own random tag (kept in the tab's sessionStorage): a student who reloads keeps one
       * answer per question. Never shown to anyone.
       */
      readonly studentTag?: string;
      /**
       * The teacher's case: a server that lost the room (restarted) opens it again for the holder of the
       * presenter key (the session id is derived from the key).
       */
      readonly caseId?: string;
    },
    ack: (reply: LiveReply<{ readonly snapshot: LiveSnapshot; readonly caseId: string }>) => void,
  ) => void;
  /** Teacher: the view changed (coalesced to the display rate by the sender). */
  present: (message: {
    readonly sessionId: string;
    readonly presenterKey: string;
    readonly view: ViewDocument;
    readonly tourStep: number | null;
    /** The tour step's text (absent from older pages: kept as null). */
    readonly tour?: LiveTourStep | null;
  }) => void;
  /** Teacher: the laser pointer moved, or went away (null). Not kept in the snapshot. */
  point: (message: {
    readonly sessionId: string;
    readonly presenterKey: string;
    readonly pointer: LivePointer | null;
  }) => void;
  /** Student: following the teacher or exploring alone (for the teacher's count). */
  status: (message: { readonly sessionId: string; readonly following: boolean }) => void;
  /** Teacher: ask a quiz question, reveal its answer to all, or close it. */
  quiz: (
    message: { readonly sessionId: string; readonly presenterKey: string } & LiveQuizAction,
    ack: (reply: LiveReply<{ readonly quiz: LiveQuizState | null }>) => void,
  ) => void;
  /** Student: an answer to the open question (a new one replaces the student's earlier one). */
  answer: (
    message: { readonly sessionId: string; readonly round: number; readonly answer: LiveAnswer },
    ack: (reply: LiveReply<Record<never, never>>) => void,
  ) => void;
  /** Teacher: end the session for everyone (students are told; the link stops working). */
  end: (message: { readonly sessionId: string; readonly presenterKey: string }) => void;
}

/** Server -> client events. */
export interface LiveServerEvents {
  /** The room's snapshot after a presenter update (and after a reconnection). */
  snapshot: (snapshot: LiveSnapshot) => void;
  pointer: (pointer: LivePointer | null) => void;
  /** To the teacher: how many students follow. */
  presence: (presence: LivePresence) => void;
  /** To the teacher: the class's answers to the open question. */
  answers: (answers: LiveAnswers) => void;
  /** The session ended (expired, or the server is shutting down). */
  ended: (reason: string) => void;
}

/** An acknowledgement: the value, or why the request was refused (a sentence for the user). */
export type LiveReply<T> =
  | ({ readonly ok: true } & T)
  | {
      readonly ok: false;
      readonly error: string;
      /**
       * `gone`: the server holds no such session now (ended, or a restart of a server that keeps rooms in
       * memory: the teacher's page claims it back, so a student waits a while before giving up).
       */
      readonly code?: 'gone';
    };

// ---------------------------------------------------------------------------------------------------------
// Validators (additive to the types above): the server runs the client -> server ones on every message, the
// browser runs the server -> client ones. Each answers the value or one sentence naming what is wrong.

/** The outcome of a live-message check: the typed message, or why it was dropped. */
export type LiveCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

/** Longest case id, series key or SOP Instance UID accepted (a UID is at most 64 characters). */
const maxIdLength = 200;

/** Longest text (a tour title or caption) accepted in a message. */
export const maxTextLength = 4000;

/** Most options one choose answer may name. */
const maxChosen = 50;

/** A student's tag: 16 characters of base64url (96 bits), made by the student's browser. */
export const studentTagPattern = /^[A-Za-z0-9_-]{16}$/;

/** The message's size in bytes of UTF-8 JSON, or undefined when it cannot be written as JSON. */
function jsonBytes(value: unknown): number | undefined {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : new TextEncoder().encode(json).length;
  } catch {
    return undefined;
  }
}

/** A non-empty string of at most {@link maxIdLength} characters. */
const id: Validator<string> = refine(string(), (value, path, report) => {
  if (value.length === 0 || value.length > maxIdLength)
    report(path, value, `must be 1 to ${maxIdLength} characters long`);
});

/** A string matching `pattern` (`what` names it in the problem). */
function matching(pattern: RegExp, what: string): Validator<string> {
  return refine(string(), (value, path, report) => {
    if (!pattern.test(value)) report(path, value, `must be ${what}`);
  });
}

const sessionId = matching(sessionIdPattern, 'a session id (10 characters of A-Z, a-z, 0-9, _ and -)');
const presenterKey = matching(
  presenterKeyPattern,
  'a presenter key (22 characters of A-Z, a-z, 0-9, _ and -)',
);
const protocol = number({ min: 1, integer: true });
const tourStep = nullable(number({ min: 0, max: 10_000, integer: true }));

/**
 * A view document, shape-checked only: an object whose `schemaVersion` is a number. The server never reads
 * it further; each student checks it against the case with `parseViewState`.
 */
const viewShape: Validator<ViewDocument> = {
  validate(value, path, problems) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ path, value, detail: 'must be an object (a view document)' });
      return undefined;
    }
    const version = (value as { schemaVersion?: unknown }).schemaVersion;
    if (typeof version !== 'number' || !Number.isFinite(version)) {
      problems.push({
        path: childPath(path, 'schemaVersion'),
        value: version,
        detail: version === undefined ? 'is missing (it must be a number)' : 'must be a number',
      });
      return undefined;
    }
    return value as ViewDocument;
  },
};

/** A string of at most {@link maxTextLength} characters (may be empty). */
const text: Validator<string> = refine(string(), (value, path, report) => {
  if (value.length > maxTextLength) report(path, value, `must be at most ${maxTextLength} characters long`);
});

const round = number({ min: 0, integer: true });

const tourText: Validator<LiveTourStep | null> = nullable(
  refine(
    object<LiveTourStep>({
      index: number({ min: 0, max: 10_000, integer: true }),
      count: number({ min: 1, max: 10_001, integer: true }),
      title: text,
      caption: text,
    }),
    (value, path, report) => {
      if (value.index >= value.count)
        report(childPath(path, 'index'), value.index, 'must be less than count');
    },
  ),
);

const quizState: Validator<LiveQuizState | null> = nullable(
  object<LiveQuizState>({ round, questionId: id, revealed: boolean() }),
);

const imageRef = object<LivePointer['image']>({ seriesKey: id, SOPInstanceUID: id });
const point3 = tuple<readonly [number, number, number]>(number(), number(), number());

const answer: Validator<LiveAnswer> = tagged<LiveAnswer>('kind', {
  locate: object<Extract<LiveAnswer, { kind: 'locate' }>>({
    kind: literal('locate'),
    image: imageRef,
    point: point3,
  }) as Validator<LiveAnswer>,
  choose: refine(
    object<Extract<LiveAnswer, { kind: 'choose' }>>({ kind: literal('choose'), options: array(id) }),
    (value, path, report) => {
      if (value.options.length > maxChosen)
        report(childPath(path, 'options'), value.options.length, `must name at most ${maxChosen} options`);
    },
  ) as Validator<LiveAnswer>,
  measure: object<Extract<LiveAnswer, { kind: 'measure' }>>({
    kind: literal('measure'),
    value: number(),
  }) as Validator<LiveAnswer>,
});

const quizAction: Validator<LiveQuizAction> = tagged<LiveQuizAction>('action', {
  ask: object<{ action: 'ask'; questionId: string }>({ action: literal('ask'), questionId: id }),
  reveal: object<{ action: 'reveal' }>({ action: literal('reveal') }),
  close: object<{ action: 'close' }>({ action: literal('close') }),
});

const pointer: Validator<LivePointer | null> = nullable(
  object<LivePointer>({
    image: imageRef,
    point: point3,
  }),
);

/** Message of each client -> server event (the first argument; the acknowledgement is not part of it). */
export type LiveClientMessage<E extends keyof LiveClientEvents> = Parameters<LiveClientEvents[E]>[0];

/** One validator per client -> server event. */
const clientValidators: { readonly [E in keyof LiveClientEvents]: Validator<LiveClientMessage<E>> } = {
  create: object<LiveClientMessage<'create'>>({ protocol, caseId: id }),
  join: refine(
    object<LiveClientMessage<'join'>>({
      protocol,
      sessionId,
      role: oneOf(['teacher', 'student'] as const),
      presenterKey: optional(presenterKey),
      studentTag: optional(
        matching(studentTagPattern, 'a student tag (16 characters of A-Z, a-z, 0-9, _ and -)'),
      ),
      caseId: optional(id),
    }),
    (value, path, report) => {
      if (value.role === 'teacher' && value.presenterKey === undefined)
        report(
          childPath(path, 'presenterKey'),
          undefined,
          'is missing (a teacher joins with the presenter key)',
        );
    },
  ),
  present: object<LiveClientMessage<'present'>>({
    sessionId,
    presenterKey,
    view: viewShape,
    tourStep,
    tour: optional(tourText),
  }),
  point: object<LiveClientMessage<'point'>>({ sessionId, presenterKey, pointer }),
  status: object<LiveClientMessage<'status'>>({ sessionId, following: boolean() }),
  quiz: withPresenter(quizAction) as Validator<LiveClientMessage<'quiz'>>,
  answer: object<LiveClientMessage<'answer'>>({ sessionId, round, answer }),
  end: object<LiveClientMessage<'end'>>({ sessionId, presenterKey }),
};

/** The client -> server events that carry an acknowledgement. */
export const liveAckEvents: readonly (keyof LiveClientEvents)[] = ['create', 'join', 'quiz', 'answer'];

/**
 * A presenter message: `sessionId` and `presenterKey` beside the fields of `of` (checked by `of` without them).
 */
function withPresenter<T extends object>(
  of: Validator<T>,
): Validator<T & { sessionId: string; presenterKey: string }> {
  return {
    validate(value, path, problems) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push({ path, value, detail: 'must be an object' });
        return undefined;
      }
      const { sessionId: sid, presenterKey: key, ...rest } = value as Record<string, unknown>;
      const before = problems.length;
      const checkedId = sessionId.validate(sid, childPath(path, 'sessionId'), problems);
      const checkedKey = presenterKey.validate(key, childPath(path, 'presenterKey'), problems);
      const checked = of.validate(rest, path, problems);
      if (problems.length !== before || checked === undefined || !checkedId || !checkedKey) return undefined;
      return { ...checked, sessionId: checkedId, presenterKey: checkedKey };
    },
  };
}

/** The client -> server event names, for telling a known event from an unknown one. */
export const liveClientEventNames: readonly (keyof LiveClientEvents)[] = Object.keys(
  clientValidators,
) as (keyof LiveClientEvents)[];

/** Runs `validator` on `raw` after the size limit; the first problem becomes the sentence. */
function check<T>(
  what: string,
  validator: Validator<T>,
  raw: unknown,
  limit = maxMessageBytes,
): LiveCheck<T> {
  const bytes = jsonBytes(raw);
  if (bytes === undefined) return { ok: false, problem: `${what}: is not JSON` };
  if (bytes > limit)
    return { ok: false, problem: `${what}: is ${bytes} bytes, more than the limit of ${limit}` };
  const result = run(validator, raw);
  if (result.ok) return { ok: true, value: result.value };
  const [first] = result.problems;
  const where = first?.path ? `.${first.path}` : '';
  return { ok: false, problem: `${what}${where} ${first?.detail ?? 'is not valid'}` };
}

/**
 * Checks a client -> server message (run by the server on every one).
 * @param event - the event name
 * @param raw - the message as received
 * @returns the message, or a sentence such as "present.presenterKey must be a presenter key (...)"
 */
export function checkLiveClientMessage<E extends keyof LiveClientEvents>(
  event: E,
  raw: unknown,
): LiveCheck<LiveClientMessage<E>> {
  return check(event, clientValidators[event] as Validator<LiveClientMessage<E>>, raw);
}

const snapshotValidator: Validator<LiveSnapshot> = object<LiveSnapshot>({
  seq: number({ min: 0, integer: true }),
  view: nullable(viewShape),
  tourStep,
  tour: tourText,
  quiz: quizState,
});

/** Most entries one `answers` message may carry (a room's students are capped well below). */
const maxAnswerEntries = 5000;

const answersValidator: Validator<LiveAnswers> = refine(
  object<LiveAnswers>({
    round,
    complete: boolean(),
    entries: array(object<LiveAnswerEntry>({ from: id, answer })),
  }),
  (value, path, report) => {
    if (value.entries.length > maxAnswerEntries)
      report(childPath(path, 'entries'), value.entries.length, `must hold at most ${maxAnswerEntries}`);
  },
);

const count = number({ min: 0, integer: true });
const presenceValidator: Validator<LivePresence> = object<LivePresence>({
  students: count,
  following: count,
  detached: count,
});

/**
 * Checks a `snapshot` from the server (the view inside is only shape-checked: check it against the case
 * with `parseViewState`).
 * @param raw - the payload as received
 */
export function checkLiveSnapshot(raw: unknown): LiveCheck<LiveSnapshot> {
  return check('snapshot', snapshotValidator, raw);
}

/**
 * Checks a `pointer` from the server (a pointer, or null: hidden).
 * @param raw - the payload as received
 */
export function checkLivePointer(raw: unknown): LiveCheck<LivePointer | null> {
  return check('pointer', pointer, raw);
}

/**
 * Checks a `presence` from the server.
 * @param raw - the payload as received
 */
export function checkLivePresence(raw: unknown): LiveCheck<LivePresence> {
  return check('presence', presenceValidator, raw);
}

/**
 * Checks an `answers` message from the server (to the teacher).
 * @param raw - the payload as received
 */
export function checkLiveAnswers(raw: unknown): LiveCheck<LiveAnswers> {
  return check('answers', answersValidator, raw, maxAnswersBytes);
}

/**
 * Checks the reply to a `quiz` request (the room's quiz state now).
 * @param raw - the `quiz` field of the reply
 */
export function checkLiveQuizState(raw: unknown): LiveCheck<LiveQuizState | null> {
  return check('quiz', quizState, raw);
}

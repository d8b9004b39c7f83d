/**
 * The live-class protocol (issue 14): what a teacher's browser, the session server and students' browsers
 * say to each other over socket.io. Types, event names, limits and the validators both sides run on every
 * message (a message that does not validate is dropped and counted, never applied). Pure; no DOM, no
 * socket.io, no Node: the server and the browser import it alike.
 */
import {
  boolean,
  childPath,
  nullable,
  number,
  object,
  oneOf,
  optional,
  refine,
  run,
  string,
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

/** What the room shows now: the teacher's view, tour step and pointer, with a sequence number. */
export interface LiveSnapshot {
  /** Increases by one with every presenter update the server accepts. */
  readonly seq: number;
  /** The teacher's view document (parsed and checked by each student against the case). */
  readonly view: ViewDocument | null;
  /** Step of the tour the teacher plays (0-based), or null. */
  readonly tourStep: number | null;
}

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
    },
    ack: (reply: LiveReply<{ readonly snapshot: LiveSnapshot; readonly caseId: string }>) => void,
  ) => void;
  /** Teacher: the view changed (coalesced to the display rate by the sender). */
  present: (message: {
    readonly sessionId: string;
    readonly presenterKey: string;
    readonly view: ViewDocument;
    readonly tourStep: number | null;
  }) => void;
  /** Teacher: the laser pointer moved, or went away (null). Not kept in the snapshot. */
  point: (message: {
    readonly sessionId: string;
    readonly presenterKey: string;
    readonly pointer: LivePointer | null;
  }) => void;
  /** Student: following the teacher or exploring alone (for the teacher's count). */
  status: (message: { readonly sessionId: string; readonly following: boolean }) => void;
}

/** Server -> client events. */
export interface LiveServerEvents {
  /** The room's snapshot after a presenter update (and after a reconnection). */
  snapshot: (snapshot: LiveSnapshot) => void;
  pointer: (pointer: LivePointer | null) => void;
  /** To the teacher: how many students follow. */
  presence: (presence: LivePresence) => void;
  /** The session ended (expired, or the server is shutting down). */
  ended: (reason: string) => void;
}

/** An acknowledgement: the value, or why the request was refused (a sentence for the user). */
export type LiveReply<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

// ---------------------------------------------------------------------------------------------------------
// Validators (additive to the types above): the server runs the client -> server ones on every message, the
// browser runs the server -> client ones. Each answers the value or one sentence naming what is wrong.

/** The outcome of a live-message check: the typed message, or why it was dropped. */
export type LiveCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

/** Longest case id, series key or SOP Instance UID accepted (a UID is at most 64 characters). */
const maxIdLength = 200;

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

const pointer: Validator<LivePointer | null> = nullable(
  object<LivePointer>({
    image: object<LivePointer['image']>({ seriesKey: id, SOPInstanceUID: id }),
    point: tuple<readonly [number, number, number]>(number(), number(), number()),
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
  present: object<LiveClientMessage<'present'>>({ sessionId, presenterKey, view: viewShape, tourStep }),
  point: object<LiveClientMessage<'point'>>({ sessionId, presenterKey, pointer }),
  status: object<LiveClientMessage<'status'>>({ sessionId, following: boolean() }),
};

/** The client -> server event names, for telling a known event from an unknown one. */
export const liveClientEventNames: readonly (keyof LiveClientEvents)[] = Object.keys(
  clientValidators,
) as (keyof LiveClientEvents)[];

/** Runs `validator` on `raw` after the size limit; the first problem becomes the sentence. */
function check<T>(what: string, validator: Validator<T>, raw: unknown): LiveCheck<T> {
  const bytes = jsonBytes(raw);
  if (bytes === undefined) return { ok: false, problem: `${what}: is not JSON` };
  if (bytes > maxMessageBytes)
    return { ok: false, problem: `${what}: is ${bytes} bytes, more than the limit of ${maxMessageBytes}` };
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
});

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

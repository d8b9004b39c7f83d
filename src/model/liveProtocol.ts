/**
 * The live-class protocol (issue 14): what a teacher's browser, the session server and students' browsers
 * say to each other over socket.io. Types, event names, limits and the validators both sides run on every
 * message (a message that does not validate is dropped and counted, never applied). Pure; no DOM, no
 * socket.io.
 */
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

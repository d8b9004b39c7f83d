/**
 * Where the session server keeps its rooms (issue 14): the latest snapshot, pointer, students and the live
 * quiz's answers of each session. One interface, two stores: in this process's memory (one server), or in
 * Redis (server/redisRoomStore.ts: several server processes share the rooms, and a restarted process loses
 * nothing). Every operation is one step of the store (atomic in Redis), so two processes never interleave
 * within one. The presenter key is never stored: a session id is derived from it (see `sessionIdOf`).
 */
import { createHash } from 'node:crypto';
import type {
  LiveAnswer,
  LiveAnswerEntry,
  LiveAnswers,
  LivePointer,
  LivePresence,
  LiveQuizAction,
  LiveSnapshot,
  LiveTourStep,
} from '../src/model/liveProtocol.ts';
import type { ViewDocument } from '../src/model/ViewDocument.ts';

/** A room as read from the store. */
export interface StoredRoom {
  readonly id: string;
  readonly caseId: string;
  readonly snapshot: LiveSnapshot;
  readonly pointer: LivePointer | null;
}

/** A presenter update's content. */
export interface PresentedView {
  readonly view: ViewDocument;
  readonly tourStep: number | null;
  readonly tour: LiveTourStep | null;
}

/** Why an answer was not kept. */
export type AnswerRefusal = 'gone' | 'closed' | 'other-round' | 'revealed';

/** Why a quiz action was refused. */
export type QuizRefusal = 'gone' | 'no-question';

/** The rooms of a session server. */
export interface RoomStore {
  /** Whether rooms outlive this process (shared with other processes). */
  readonly shared: boolean;
  /** Rooms active at or after `since` (ms). */
  countActive(since: number): Promise<number>;
  /** A new, empty room; false when the id is taken. */
  create(id: string, caseId: string, now: number): Promise<boolean>;
  get(id: string): Promise<StoredRoom | undefined>;
  /** The room stays open (a join, a pointer move). */
  touch(id: string, now: number): Promise<void>;
  /** The teacher's view: the new snapshot (seq + 1, the quiz kept), or undefined (no such room). */
  present(id: string, view: PresentedView, now: number): Promise<LiveSnapshot | undefined>;
  /** The teacher's pointer; false: no such room. */
  point(id: string, pointer: LivePointer | null, now: number): Promise<boolean>;
  /** Ask (a new round, answers cleared), reveal or close: the new snapshot, or why not. */
  quiz(
    id: string,
    action: LiveQuizAction,
    now: number,
  ): Promise<{ readonly snapshot: LiveSnapshot } | { readonly refused: QuizRefusal }>;
  /** A student joined or changed status: the room's presence, or undefined (no such room). */
  setStudent(id: string, socketId: string, following: boolean): Promise<LivePresence | undefined>;
  /** The room's presence, or undefined (no such room). */
  presence(id: string): Promise<LivePresence | undefined>;
  /** A student left: the presence after, or undefined (no such room, or not a student of it). */
  removeStudent(id: string, socketId: string): Promise<LivePresence | undefined>;
  /** A student's answer to the open question (one per `studentKey`): the entry the teacher sees. */
  answer(
    id: string,
    studentKey: string,
    round: number,
    answer: LiveAnswer,
  ): Promise<{ readonly entry: LiveAnswerEntry } | { readonly refused: AnswerRefusal }>;
  /** Every answer to the open question, or undefined (no question open, or no room). */
  answers(id: string): Promise<LiveAnswers | undefined>;
  /** Removes a room; true when this call removed it (so exactly one caller tells its clients). */
  remove(id: string): Promise<boolean>;
  /** Rooms last active before `cutoff`. */
  idle(cutoff: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The session id of a presenter key: 10 characters of base64url of SHA-256 (60 bits). Only the holder of
 * the key can claim the id (after a restart of a server that kept rooms in memory, say), and the store
 * never holds a key. The key itself comes from a CSPRNG.
 * @param presenterKey - the key (22 characters of base64url, 128 bits)
 */
export function sessionIdOf(presenterKey: string): string {
  return createHash('sha256').update(`casebook-live:${presenterKey}`).digest('base64url').slice(0, 10);
}

const emptySnapshot: LiveSnapshot = { seq: 0, view: null, tourStep: null, tour: null, quiz: null };

/** `S12` -> 12: answers listed in the order their students first answered. */
export const tagNumber = (entry: LiveAnswerEntry): number => Number(entry.from.slice(1));

/** One room in memory. */
interface MemoryRoom {
  readonly id: string;
  readonly caseId: string;
  snapshot: LiveSnapshot;
  pointer: LivePointer | null;
  lastActive: number;
  readonly students: Map<string, boolean>;
  /** Answers of the open round by student key. */
  readonly answers: Map<string, LiveAnswerEntry>;
  /** Each student key's opaque tag (`S1`, `S2`, ...), kept for the whole session. */
  readonly tags: Map<string, string>;
  /** Questions asked so far (the last round). */
  rounds: number;
}

/** The presence of a map of students (socket id -> following). */
export function presenceOf(followings: Iterable<boolean>): LivePresence {
  let students = 0;
  let following = 0;
  for (const follows of followings) {
    students += 1;
    if (follows) following += 1;
  }
  return { students, following, detached: students - following };
}

/** Rooms in this process's memory (one server; lost with it). */
export function memoryRoomStore(): RoomStore {
  const rooms = new Map<string, MemoryRoom>();
  const bump = (room: MemoryRoom, change: Partial<LiveSnapshot>, now: number): LiveSnapshot => {
    room.snapshot = { ...room.snapshot, ...change, seq: room.snapshot.seq + 1 };
    room.lastActive = now;
    return room.snapshot;
  };
  return {
    shared: false,
    async countActive(since) {
      let count = 0;
      for (const room of rooms.values()) if (room.lastActive >= since) count += 1;
      return count;
    },
    async create(id, caseId, now) {
      if (rooms.has(id)) return false;
      rooms.set(id, {
        id,
        caseId,
        snapshot: emptySnapshot,
        pointer: null,
        lastActive: now,
        students: new Map(),
        answers: new Map(),
        tags: new Map(),
        rounds: 0,
      });
      return true;
    },
    async get(id) {
      const room = rooms.get(id);
      return room && { id, caseId: room.caseId, snapshot: room.snapshot, pointer: room.pointer };
    },
    async touch(id, now) {
      const room = rooms.get(id);
      if (room) room.lastActive = now;
    },
    async present(id, { view, tourStep, tour }, now) {
      const room = rooms.get(id);
      return room && bump(room, { view, tourStep, tour }, now);
    },
    async point(id, pointer, now) {
      const room = rooms.get(id);
      if (!room) return false;
      room.pointer = pointer;
      room.lastActive = now;
      return true;
    },
    async quiz(id, action, now) {
      const room = rooms.get(id);
      if (!room) return { refused: 'gone' };
      const open = room.snapshot.quiz;
      if (action.action === 'ask') {
        room.answers.clear();
        room.rounds += 1;
        const round = room.rounds;
        return {
          snapshot: bump(room, { quiz: { round, questionId: action.questionId, revealed: false } }, now),
        };
      }
      if (!open) return { refused: 'no-question' };
      if (action.action === 'reveal')
        return { snapshot: bump(room, { quiz: { ...open, revealed: true } }, now) };
      room.answers.clear();
      return { snapshot: bump(room, { quiz: null }, now) };
    },
    async setStudent(id, socketId, following) {
      const room = rooms.get(id);
      if (!room) return undefined;
      room.students.set(socketId, following);
      return presenceOf(room.students.values());
    },
    async presence(id) {
      const room = rooms.get(id);
      return room && presenceOf(room.students.values());
    },
    async removeStudent(id, socketId) {
      const room = rooms.get(id);
      if (!room?.students.delete(socketId)) return undefined;
      return presenceOf(room.students.values());
    },
    async answer(id, studentKey, round, answer) {
      const room = rooms.get(id);
      if (!room) return { refused: 'gone' };
      const open = room.snapshot.quiz;
      if (!open) return { refused: 'closed' };
      if (open.round !== round) return { refused: 'other-round' };
      if (open.revealed) return { refused: 'revealed' };
      let from = room.tags.get(studentKey);
      if (!from) {
        from = `S${room.tags.size + 1}`;
        room.tags.set(studentKey, from);
      }
      const entry: LiveAnswerEntry = { from, answer };
      room.answers.set(studentKey, entry);
      return { entry };
    },
    async answers(id) {
      const room = rooms.get(id);
      const open = room?.snapshot.quiz;
      if (!room || !open) return undefined;
      const entries = [...room.answers.values()].sort((a, b) => tagNumber(a) - tagNumber(b));
      return { round: open.round, complete: true, entries };
    },
    async remove(id) {
      return rooms.delete(id);
    },
    async idle(cutoff) {
      return [...rooms.values()].filter((room) => room.lastActive < cutoff).map((room) => room.id);
    },
    async close() {
      rooms.clear();
    },
  };
}

/**
 * What a student's browser does in a live class (issue 14), as pure logic: which teacher snapshot to apply
 * (newer ones only), following and detaching, and jumping back to the teacher's latest view; plus the
 * teacher's side coalescer (at most one message per display frame, the latest wins). No DOM, no socket.io:
 * the caller passes in how to parse a view, apply it and tell the server.
 */
import type { LiveSnapshot } from '../model/liveProtocol.ts';
import type { ViewStateParse } from '../model/ViewDocument.ts';
import type { ViewState } from '../model/ViewState.ts';

/** What a student's follower is wired to. */
export interface LiveFollowOptions {
  /** Checks a snapshot's view against the open case (parseViewState bound to the manifest). */
  readonly parse: (raw: unknown) => ViewStateParse;
  /** Shows a view (the store, with source `remote`). */
  readonly apply: (view: ViewState) => void;
  /** A teacher's view that does not fit this case, said once per session (plain text). */
  readonly report: (message: string) => void;
  /** Following changed (the banner, and `status` to the server). */
  readonly onFollowingChange: (following: boolean) => void;
}

/** What became of a snapshot. */
export type SnapshotOutcome = 'applied' | 'stale' | 'kept' | 'empty' | 'unfit';

/** A student following a teacher, or exploring alone. */
export class LiveFollow {
  private followingNow = true;
  private lastSeq = Number.NEGATIVE_INFINITY;
  /** The teacher's latest view that fits this case (kept while detached). */
  private latest: ViewState | null = null;
  private reported = false;

  constructor(private readonly options: LiveFollowOptions) {}

  /** Whether the student follows the teacher. */
  get following(): boolean {
    return this.followingNow;
  }

  /** Sequence number of the newest snapshot taken in, or null before the first. */
  get seq(): number | null {
    return Number.isFinite(this.lastSeq) ? this.lastSeq : null;
  }

  /**
   * Takes in a snapshot from the server (a live update or a join/resync reply). Older or repeated ones are
   * ignored; a newer one is applied while following and kept for re-following while detached.
   * @param snapshot - a validated snapshot
   * @param resync - a (re)join's reply: the room's snapshot, taken in even if its seq is not newer (a
   *   restarted server counts from 0 again)
   */
  receive(snapshot: LiveSnapshot, resync = false): SnapshotOutcome {
    if (!resync && snapshot.seq <= this.lastSeq) return 'stale';
    this.lastSeq = snapshot.seq;
    if (snapshot.view === null) return 'empty';
    const parsed = this.options.parse(snapshot.view);
    if (!parsed.ok) {
      if (!this.reported) {
        this.reported = true;
        const detail = parsed.problems.map((p) => p.message).join('; ');
        this.options.report(`The teacher's view could not be shown on this case: ${detail}`);
      }
      return 'unfit';
    }
    this.latest = parsed.view;
    if (!this.followingNow) return 'kept';
    this.options.apply(parsed.view);
    return 'applied';
  }

  /** The student moved on their own (a store change with source `learner`): stop following. */
  detach(): void {
    if (!this.followingNow) return;
    this.followingNow = false;
    this.options.onFollowingChange(false);
  }

  /** Follow the teacher again: jumps to the teacher's latest view at once. */
  follow(): void {
    const wasFollowing = this.followingNow;
    this.followingNow = true;
    if (this.latest) this.options.apply(this.latest);
    if (!wasFollowing) this.options.onFollowingChange(true);
  }
}

/** Schedules a callback before the next frame (requestAnimationFrame in the app). */
export type FrameScheduler = (callback: () => void) => void;

/**
 * Coalesces many changes into at most one send per display frame: `touch()` notes that something changed;
 * `send` runs once at the next frame and reads the latest value itself (nothing is built per change).
 */
export class FrameCoalescer {
  private scheduled = false;
  private stopped = false;

  /**
   * @param send - builds and sends the latest message
   * @param schedule - runs a callback before the next frame
   */
  constructor(
    private readonly send: () => void,
    private readonly schedule: FrameScheduler,
  ) {}

  /** Something changed: send at the next frame (once, however many changes come before it). */
  touch(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      if (!this.stopped) this.send();
    });
  }

  /** Sends nothing more, even a frame already scheduled. */
  stop(): void {
    this.stopped = true;
  }
}

/**
 * Whether a store change with source `learner` is the student's own move. A cine loop steps the image
 * with that source too: while the teacher's cine plays, its steps (the image index and nothing else) are
 * not a move of the student's.
 * @param next - the view after the change
 * @param previous - the view before it
 */
export function movedByLearner(next: ViewState, previous: ViewState): boolean {
  const cineStepOnly =
    next.viewports.length === previous.viewports.length &&
    (Object.keys(next) as (keyof ViewState)[]).every((k) => k === 'viewports' || next[k] === previous[k]) &&
    next.viewports.every((viewport, i) => {
      const before = previous.viewports[i];
      if (viewport === before) return true;
      if (!before || !viewport.cine.playing) return false;
      return (Object.keys(viewport) as (keyof typeof viewport)[]).every(
        (k) => k === 'imageIndex' || viewport[k] === before[k],
      );
    });
  return !cineStepOnly;
}

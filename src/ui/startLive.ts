/**
 * Wires the live class (issue 14) into the app: the teacher's Live control beside the case title, and,
 * when the page was opened from a session link (`#live=<id>`) or a reload of such a tab, the student's
 * side: join, follow the teacher's snapshots, detach on the student's own move, follow again (J). The session
 * a tab follows or presents is kept in sessionStorage, so a reload rejoins even after the deep link has
 * written the view into the hash. socket.io-client loads only when a session starts or a link is opened.
 * Called lazily by main.ts.
 */
import type { LiveClient, LiveClientHandlers } from '../data/liveClient.ts';
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { sessionIdPattern } from '../model/liveProtocol.ts';
import { parseViewState } from '../model/ViewDocument.ts';
import type { ViewState } from '../model/ViewState.ts';
import { LiveFollow, movedByLearner } from '../teaching/liveFollow.ts';
import { followKey, LiveBanner } from './LiveBanner.ts';
import { LivePointer, type LivePointerOptions } from './LivePointer.ts';
import { LiveQuizStudent } from './LiveQuizStudent.ts';
import { LiveSessionControl, presenterKeyStorageKey, presentingStorageKey } from './LiveSessionControl.ts';
import { liveQuizSlot, liveTourSlot } from './liveHooks.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';

/** sessionStorage: the session this tab follows as a student. */
export const followingStorageKey = 'casebook.live.following';
/** sessionStorage: this tab's own student tag in a session (one answer per question across reloads). */
export const studentTagStorageKey = (sessionId: string): string => `casebook.live.tag.${sessionId}`;
/** sessionStorage: this tab's answer to the open live question of a session. */
export const liveAnswerStorageKey = (sessionId: string): string => `casebook.live.answer.${sessionId}`;

/** Heading in the problem list for a teacher's view that does not fit this case. */
const unfitHeading = "The teacher's view could not be shown";

/** What the live class is wired to. */
export interface LiveWiring {
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  readonly shortcuts: ShortcutRegistry;
  /** Teaching controls beside the title: the Live button joins them. */
  readonly caseActions: HTMLElement;
  /** The column of the images: the student's banner goes at its top. */
  readonly centerColumn: HTMLElement;
  readonly problems: { addMessage(message: string, heading: string): void };
  /** The viewer (coordinate transforms, display events): the laser pointer needs it; absent: no pointer. */
  readonly viewer?: LivePointerOptions['viewer'];
  /** The element handed to the viewer for a viewport. */
  readonly viewportElement?: (viewportIndex: number) => HTMLElement | undefined;
}

/** Diagnostics for end-to-end tests (`window.__casebookLive`); read-only but for `emitRaw`. */
export interface LiveDiagnostics {
  role(): 'none' | 'teacher' | 'student';
  sessionId(): string | null;
  following(): boolean | null;
  seq(): number | null;
  sent(): number;
  invalidMessages(): number;
  /** The laser pointer's dot: its centre (client px) when shown, else null. */
  pointerDot(): { x: number; y: number } | null;
  /** Pointer messages this tab sent. */
  pointerSent(): number;
  /** Sends an event as any script in the page could (the server must refuse what it should). */
  emitRaw(event: string, message: unknown): void;
}

/**
 * The session id of a session link's hash (`#live=<id>`), or null.
 * @param hash - `location.hash`
 */
export function liveSessionIdOf(hash: string): string | null {
  const id = new URLSearchParams(hash.replace(/^#/, '')).get('live');
  return id !== null && sessionIdPattern.test(id) ? id : null;
}

/** The tour step on screen (0-based), or null when no tour plays. */
function tourStepOnScreen(): number | null {
  const tour = liveTourSlot.get();
  if (tour) return tour.shownStep()?.index ?? null;
  const bar = document.querySelector<HTMLElement>('[data-testid="tour-bar"]');
  if (!bar || bar.hidden || bar.dataset.state === 'idle') return null;
  const step = Number(bar.dataset.step);
  return Number.isInteger(step) && step >= 0 ? step : null;
}

/** Opens a connection for the open case (a teacher's rejoin names it: a restarted server opens the room). */
const connectFor =
  (caseId: string) =>
  async (handlers: LiveClientHandlers): Promise<LiveClient> => {
    const { LiveClient } = await import('../data/liveClient.ts');
    return LiveClient.connect(location.origin, handlers, { caseId });
  };

/**
 * Builds the Live control and, for a session link or a reloaded session tab, joins the session.
 * @param wiring - what the live class is wired to
 */
export async function startLive(wiring: LiveWiring): Promise<void> {
  const storage = sessionStorage;
  const { viewer, viewportElement } = wiring;
  const pointer =
    viewer && viewportElement
      ? new LivePointer({ viewer, viewportElement, manifest: wiring.manifest, store: wiring.store })
      : undefined;
  const control = new LiveSessionControl({
    pointer,
    shortcuts: wiring.shortcuts,
    container: wiring.caseActions,
    store: wiring.store,
    manifest: wiring.manifest,
    connect: connectFor(wiring.manifest.caseId),
    storage,
    appUrl: () => location.href,
    tourStep: tourStepOnScreen,
    tourText: () => liveTourSlot.get()?.shownStep() ?? null,
    quiz: liveQuizSlot,
    ...(viewportElement ? { viewportElement } : {}),
  });
  // A tour step whose view does not change still sends its text.
  liveTourSlot.when((tour) => tour.onChange(() => control.refresh()));
  let student: LiveStudent | null = null;
  const diagnostics: LiveDiagnostics = {
    role: () => (control.sessionId ? 'teacher' : student ? 'student' : 'none'),
    sessionId: () => control.sessionId ?? student?.sessionId ?? null,
    following: () => student?.follow.following ?? null,
    seq: () => student?.follow.seq ?? null,
    sent: () => control.sent,
    invalidMessages: () => student?.client?.invalidMessages ?? 0,
    pointerDot: () => {
      const dot = pointer?.dot;
      if (!dot || dot.hidden) return null;
      return { x: Number.parseFloat(dot.style.left), y: Number.parseFloat(dot.style.top) };
    },
    pointerSent: () => pointer?.sent ?? 0,
    emitRaw: (event, message) => student?.client?.emitRaw(event, message),
  };
  Object.defineProperty(window, '__casebookLive', { value: Object.freeze(diagnostics), configurable: true });

  const fromLink = liveSessionIdOf(location.hash);
  const presented = storage.getItem(presentingStorageKey);
  const followed = storage.getItem(followingStorageKey);
  if (fromLink && storage.getItem(presenterKeyStorageKey(fromLink))) await control.resume(fromLink);
  else if (fromLink ?? (presented ? null : followed)) {
    control.button.hidden = true;
    student = new LiveStudent(wiring, (fromLink ?? followed) as string, storage, pointer, (left) => {
      if (left) student = null;
      control.button.hidden = false;
    });
    await student.join();
  } else if (presented) await control.resume(presented);
}

/** A student's tab in a session. */
class LiveStudent {
  readonly follow: LiveFollow;
  client: LiveClient | null = null;
  private readonly banner: LiveBanner;
  private readonly card: LiveQuizStudent;
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly wiring: LiveWiring,
    readonly sessionId: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
    /** The teacher's laser pointer, drawn here; absent: not shown. */
    private readonly pointer: LivePointer | undefined,
    /** The tab no longer follows: it left (true), or the session cannot be followed (false). */
    private readonly onEnd: (left: boolean) => void,
  ) {
    const { store, manifest, shortcuts, problems } = wiring;
    storage.setItem(followingStorageKey, sessionId);
    this.banner = new LiveBanner(wiring.centerColumn, {
      follow: () => this.followAgain(),
      leave: () => this.leave(),
    });
    this.card = new LiveQuizStudent({
      container: document.body,
      quiz: liveQuizSlot,
      send: (round, answer) =>
        this.client
          ? this.client.answer(round, answer)
          : Promise.resolve({ ok: false, error: 'Not connected.' }),
      storage,
      storageKey: liveAnswerStorageKey(sessionId),
    });

    this.follow = new LiveFollow({
      parse: (raw) => parseViewState(raw, manifest),
      apply: (view) => store.set(view, 'remote'),
      report: (message) => problems.addMessage(message, unfitHeading),
      onFollowingChange: (following) => {
        this.banner.show(following ? 'following' : 'detached');
        this.client?.status(following);
      },
    });
    this.offs.push(
      store.subscribe(
        (next, previous) => {
          if (movedByLearner(next, previous)) this.follow.detach();
        },
        { sources: ['learner'] },
      ),
      shortcuts.register({
        keys: [followKey],
        description: 'Follow the teacher again (live session)',
        group: 'Teaching',
        match: [followKey.toLowerCase(), followKey],
        run: () => this.followAgain(),
      }),
      // The student's own tour would fight the teacher's views: playing it is exploring on one's own.
      liveTourSlot.when((tour) =>
        this.offs.push(
          tour.onChange(() => {
            if (tour.shownStep() && this.follow.following) this.follow.detach();
          }),
        ),
      ),
    );
  }

  /** Follows the teacher again (J or the banner's button); the student's own tour, if any, stops. */
  private followAgain(): void {
    liveTourSlot.get()?.stop();
    this.follow.follow();
  }

  /** Joins the session and follows the teacher from its current view. */
  async join(): Promise<void> {
    const { manifest } = this.wiring;
    const client = await connectFor(manifest.caseId)({
      onSnapshot: (snapshot, resync) => this.take(snapshot, resync),
      onPointer: (pointer) => this.pointer?.show(pointer),
      onEnded: (reason) => this.stop(`The live session has ended: ${reason}`),
      onConnection: (state) => {
        if (state === 'reconnecting') this.banner.setDetail('Connection lost; reconnecting…');
        if (state === 'waiting') this.banner.setDetail('The session was lost; waiting for the teacher…');
        if (state === 'connected') this.banner.setDetail('');
      },
    });
    this.client = client;
    const { newStudentTag } = await import('../data/liveClient.ts');
    // This tab's own tag in the session, kept across reloads: one answer per student and question.
    const tagKey = studentTagStorageKey(this.sessionId);
    const tag = this.storage.getItem(tagKey) ?? newStudentTag();
    this.storage.setItem(tagKey, tag);
    const joined = await client.join(this.sessionId, undefined, tag);
    if (!joined.ok) return this.stop(joined.error);
    if (joined.caseId !== manifest.caseId) {
      return this.stop(
        `This live session shows another case (${joined.caseId}); this page shows ${manifest.caseId}.`,
      );
    }
    this.banner.show(this.follow.following ? 'following' : 'detached');
    this.take(joined.snapshot, true);
    client.status(this.follow.following);
  }

  private take(snapshot: Parameters<LiveFollow['receive']>[0], resync: boolean): void {
    this.follow.receive(snapshot, resync);
    this.banner.setTour(snapshot.tourStep, snapshot.tour);
    this.card.take(snapshot.quiz);
  }

  /** The session cannot be followed (ended, unknown, a static copy): say why, as text; forget it. */
  private stop(message: string): void {
    this.client?.close();
    this.card.dispose();
    this.pointer?.show(null);
    this.storage.removeItem(followingStorageKey);
    for (const off of this.offs.splice(0)) off();
    this.banner.show('problem', message);
    this.onEnd(false);
  }

  private leave(): void {
    this.client?.close();
    this.card.dispose();
    this.pointer?.show(null);
    this.storage.removeItem(followingStorageKey);
    for (const off of this.offs.splice(0)) off();
    this.banner.remove();
    this.onEnd(true);
  }
}

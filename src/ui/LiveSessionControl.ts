/**
 * The teacher's side of a live class (issue 14): the Live button beside the case title and its panel —
 * start a session, the session link with Copy and a QR code, how many students follow, end the session —
 * and the broadcast of the teacher's view, coalesced to one message per display frame. The presenter key
 * stays in this browser tab only (sessionStorage, keyed by session id), so a reload resumes presenting.
 * Talks to the server through LiveClient (loaded on first use); DOM; no Cornerstone.
 */
import type { LiveClient, LiveClientHandlers } from '../data/liveClient.ts';
import type { Store } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { LiveAnswers, LivePresence, LiveQuizState, LiveTourStep } from '../model/liveProtocol.ts';
import { toViewDocument } from '../model/ViewDocument.ts';
import type { ViewState } from '../model/ViewState.ts';
import { FrameCoalescer, type FrameScheduler } from '../teaching/liveFollow.ts';
import { h, setText } from './h.ts';
import { type LivePointer, pointerKey } from './LivePointer.ts';
import { LiveQuizTeacher } from './LiveQuizTeacher.ts';
import type { LiveQuizContext, Slot } from './liveHooks.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';
import './live.css';

/** sessionStorage: the session this tab presents. */
export const presentingStorageKey = 'casebook.live.presenting';
/** sessionStorage: the presenter key of a session. */
export const presenterKeyStorageKey = (sessionId: string): string => `casebook.live.key.${sessionId}`;

/** The link students open: the app's address with `#live=<id>` and nothing else in the hash. */
export function sessionLink(appUrl: string, sessionId: string): string {
  const url = new URL(appUrl);
  url.hash = `live=${sessionId}`;
  return url.href;
}

/** "2 following · 1 exploring on their own". */
export function presenceText(presence: LivePresence): string {
  return `${presence.following} following · ${presence.detached} exploring on their own`;
}

/** What the control is wired to. */
export interface LiveSessionControlOptions {
  /** Beside the case title (the Tour and Quiz buttons' row). */
  readonly container: HTMLElement;
  readonly store: Store<ViewState>;
  readonly manifest: CaseManifest;
  /** Opens a connection (loads socket.io-client on first use). */
  readonly connect: (handlers: LiveClientHandlers) => Promise<LiveClient>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** The app's address (the session link is built from it). */
  readonly appUrl: () => string;
  /** The tour step on screen, or null. */
  readonly tourStep: () => number | null;
  /** The tour step's text (sent with the view for the students' banner), or null; absent: never sent. */
  readonly tourText?: () => LiveTourStep | null;
  /** The case's quiz, once loaded: the panel gets the live quiz while presenting; absent: no live quiz. */
  readonly quiz?: Slot<LiveQuizContext>;
  /** The element handed to the viewer for a viewport (the live quiz's heat map is drawn over it). */
  readonly viewportElement?: (viewportIndex: number) => HTMLElement | undefined;
  readonly schedule?: FrameScheduler;
  /** The laser pointer (held with `.` or the Pointer button while presenting); absent: no pointer. */
  readonly pointer?: LivePointer;
  /** Where `.` is registered while presenting (listed in the help; focus rules apply); absent: own listener. */
  readonly shortcuts?: ShortcutRegistry;
}

/** A session being presented. */
interface Presenting {
  readonly client: LiveClient;
  readonly sessionId: string;
  readonly coalescer: FrameCoalescer;
  readonly offStore: () => void;
  /** Removes the pointer's key listeners. */
  readonly offPointer: () => void;
  /** Stops waiting for the quiz. */
  offQuiz: () => void;
  /** The live quiz, once the case's quiz is loaded. */
  quiz: LiveQuizTeacher | null;
}

/** The Live button and the teacher's session panel. */
export class LiveSessionControl {
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  /** Presenter updates sent (diagnostics). */
  sent = 0;
  private presenting: Presenting | null = null;
  /** The count last heard from the server in this session. */
  private lastPresence: LivePresence | null = null;
  private busy = false;
  /** The room's question when this tab joined (a resumed session), for the live quiz once it is built. */
  private joinedQuiz: LiveQuizState | null = null;
  /** Answers heard before the live quiz was built (the case's quiz still loading). */
  private earlyAnswers: LiveAnswers[] = [];
  private readonly status = h('p', {
    class: 'live-status',
    role: 'status',
    dataset: { testid: 'live-status' },
  });
  private readonly startButton: HTMLButtonElement;
  private readonly endButton: HTMLButtonElement;
  private readonly sessionPart = h('div', { class: 'live-session', hidden: true });
  private readonly linkText = h('code', { class: 'live-link', dataset: { testid: 'live-link' } });
  private readonly qrSlot = h('div', { class: 'live-qr', dataset: { testid: 'live-qr' } });
  private readonly presence = h('p', { class: 'live-presence', dataset: { testid: 'live-presence' } });
  private readonly copyStatus = h('span', { class: 'live-copy-status', 'aria-live': 'polite' });

  constructor(private readonly options: LiveSessionControlOptions) {
    this.button = h('button', {
      type: 'button',
      class: 'tool-button live-toggle',
      text: 'Live',
      title: 'Live class: students follow your view',
      'aria-expanded': 'false',
      'aria-pressed': 'false',
      dataset: { testid: 'live-toggle' },
      onclick: () => this.toggle(),
    });
    this.startButton = h('button', {
      type: 'button',
      class: 'tool-button live-start',
      text: 'Start live session',
      dataset: { testid: 'live-start' },
      onclick: () => void this.start(),
    });
    const copy = h('button', {
      type: 'button',
      class: 'tool-button',
      text: 'Copy',
      title: 'Copy the session link',
      dataset: { testid: 'live-copy' },
      onclick: () => void this.copyLink(),
    });
    const end = h('button', {
      type: 'button',
      class: 'tool-button live-end',
      text: 'End session',
      title: 'End the session for everyone: students are told, and the link stops working',
      dataset: { testid: 'live-end' },
      onclick: () => this.end(),
    });
    this.endButton = end;
    const pointerButton = h('button', {
      type: 'button',
      class: 'tool-button live-pointer-button',
      text: 'Pointer',
      title: 'Laser pointer: hold this button (or the . key) and move over an image',
      'aria-pressed': 'false',
      dataset: { testid: 'live-pointer-button' },
      onpointerdown: (event: PointerEvent) => {
        event.preventDefault();
        this.holdPointer({ x: event.clientX, y: event.clientY });
        pointerButton.setAttribute('aria-pressed', 'true');
        const up = () => {
          window.removeEventListener('pointerup', up);
          window.removeEventListener('pointercancel', up);
          pointerButton.setAttribute('aria-pressed', 'false');
          this.options.pointer?.release();
        };
        window.addEventListener('pointerup', up);
        window.addEventListener('pointercancel', up);
      },
    });
    this.sessionPart.append(
      h('p', { class: 'live-hint', text: 'Students open this link (or scan the code):' }),
      h('div', { class: 'live-link-row' }, this.linkText, copy, this.copyStatus),
      this.qrSlot,
      this.presence,
      ...(options.pointer ? [pointerButton] : []),
      end,
    );
    this.panel = h(
      'section',
      {
        class: 'live-panel floating-panel',
        'aria-label': 'Live session',
        hidden: true,
        dataset: { testid: 'live-panel' },
      },
      h('h2', { class: 'live-title', text: 'Live session' }),
      this.startButton,
      this.sessionPart,
      this.status,
    );
    options.container.append(this.button);
    document.body.append(this.panel);
  }

  /** The session presented now, or null. */
  get sessionId(): string | null {
    return this.presenting?.sessionId ?? null;
  }

  /** Opens or closes the panel. */
  toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
  }

  /** Creates a session and starts presenting. */
  async start(): Promise<void> {
    if (this.presenting || this.busy) return;
    this.busy = true;
    this.startButton.disabled = true;
    this.say('Starting…');
    try {
      const client = await this.options.connect(this.handlers());
      const created = await client.create(this.options.manifest.caseId);
      if (!created.ok) {
        client.close();
        this.say(created.error);
        return;
      }
      this.options.storage.setItem(presentingStorageKey, created.sessionId);
      this.options.storage.setItem(presenterKeyStorageKey(created.sessionId), created.presenterKey);
      this.begin(client, created.sessionId);
    } finally {
      this.busy = false;
      this.startButton.disabled = false;
    }
  }

  /**
   * Presents a session again after a reload, with the key this tab kept; forgets it if the server no
   * longer knows the session.
   * @param sessionId - the session this tab presented
   * @returns whether presenting resumed
   */
  async resume(sessionId: string): Promise<boolean> {
    const key = this.options.storage.getItem(presenterKeyStorageKey(sessionId));
    if (!key || this.presenting) return false;
    const client = await this.options.connect(this.handlers());
    const joined = await client.join(sessionId, key);
    if (!joined.ok) {
      client.close();
      this.forget(sessionId);
      this.say(`The live session could not be resumed: ${joined.error}`);
      this.toggle(true);
      return false;
    }
    this.joinedQuiz = joined.snapshot.quiz;
    this.begin(client, sessionId);
    return true;
  }

  /** Something the view does not show changed (the tour step's text): send the view again. */
  refresh(): void {
    this.presenting?.coalescer.touch();
  }

  /** The live quiz while presenting a case with a quiz, else null. */
  get quiz(): LiveQuizTeacher | null {
    return this.presenting?.quiz ?? null;
  }

  /** Ends the session for everyone: students are told, the link stops working. */
  end(): void {
    const presenting = this.presenting;
    if (!presenting) return;
    // The end for everyone (the client leaves once the server has it), then this tab stops presenting.
    presenting.client.end();
    this.stop(false);
    this.say('The session has ended for everyone.');
  }

  /**
   * Stops presenting (the session is over, or ended here): nothing more is sent.
   * @param close - whether to close the connection now (not after `end`: the client leaves by itself)
   */
  private stop(close = true): void {
    const presenting = this.presenting;
    if (!presenting) return;
    this.presenting = null;
    this.lastPresence = null;
    this.joinedQuiz = null;
    this.earlyAnswers = [];
    presenting.coalescer.stop();
    presenting.offStore();
    presenting.offPointer();
    presenting.offQuiz();
    presenting.quiz?.dispose();
    this.options.pointer?.release();
    if (close) presenting.client.close();
    this.forget(presenting.sessionId);
    this.sessionPart.hidden = true;
    this.startButton.hidden = false;
    this.qrSlot.replaceChildren();
    this.button.setAttribute('aria-pressed', 'false');
    setText(this.button, 'Live');
  }

  private begin(client: LiveClient, sessionId: string): void {
    const { store, manifest } = this.options;
    const coalescer = new FrameCoalescer(() => {
      const view = toViewDocument(store.get(), manifest);
      if (client.present(view, this.options.tourStep(), this.options.tourText?.() ?? null)) this.sent += 1;
    }, this.options.schedule ?? nextFrame);
    // Every change on screen but one applied from a session (a teacher never follows another).
    const offStore = store.subscribe(() => coalescer.touch(), { sources: ['learner', 'app', 'tour'] });
    const presenting: Presenting = {
      client,
      sessionId,
      coalescer,
      offStore,
      offPointer: this.listenForPointerKey(),
      offQuiz: () => undefined,
      quiz: null,
    };
    this.presenting = presenting;
    coalescer.touch();
    const quizSlot = this.options.quiz;
    const viewportElement = this.options.viewportElement;
    if (quizSlot && viewportElement) {
      const off = quizSlot.when((context) => {
        if (this.presenting !== presenting || presenting.quiz || context.file.questions.length === 0) return;
        const quiz = new LiveQuizTeacher({
          quiz: context,
          send: (action) => client.quiz(action),
          viewportElement,
        });
        presenting.quiz = quiz;
        quiz.setStudents(this.lastPresence?.students ?? 0);
        quiz.takeState(this.joinedQuiz);
        for (const answers of this.earlyAnswers.splice(0)) quiz.takeAnswers(answers);
        this.endButton.before(quiz.element);
      });
      presenting.offQuiz = off;
    }
    const link = sessionLink(this.options.appUrl(), sessionId);
    setText(this.linkText, link);
    // A teacher rejoining hears the count before the join's reply: keep it.
    setText(this.presence, presenceText(this.lastPresence ?? { students: 0, following: 0, detached: 0 }));
    this.startButton.hidden = true;
    this.sessionPart.hidden = false;
    this.button.setAttribute('aria-pressed', 'true');
    setText(this.button, 'Live ●');
    this.say('');
    void import('./liveQrCode.ts').then(({ liveQrCode }) => {
      if (this.presenting?.sessionId === sessionId) this.qrSlot.replaceChildren(liveQrCode(link, 176));
    });
  }

  /** Starts the laser pointer while presenting (the mouse position, when known). */
  private holdPointer(client?: { x: number; y: number }): void {
    const presenting = this.presenting;
    if (!presenting || !this.options.pointer) return;
    this.options.pointer.hold((pointer) => presenting.client.point(pointer), client);
  }

  /** `.` held down points, released stops (ignored in text fields); returns the listeners' removal. */
  private listenForPointerKey(): () => void {
    const pointer = this.options.pointer;
    if (!pointer) return () => undefined;
    const typing = (event: KeyboardEvent) =>
      event.target instanceof HTMLElement &&
      (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
    const down = (event: KeyboardEvent) => {
      if (event.key !== pointerKey || event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
      event.preventDefault();
      if (!event.repeat) this.holdPointer();
    };
    const up = (event: KeyboardEvent) => {
      if (event.key === pointerKey) pointer.release();
    };
    const blur = () => pointer.release();
    // Key down through the shortcut registry when there is one (the help lists it); key up here.
    const ownListener = () => {
      window.addEventListener('keydown', down);
      return () => window.removeEventListener('keydown', down);
    };
    const offKey = this.options.shortcuts
      ? this.options.shortcuts.register({
          keys: [pointerKey],
          description: 'Laser pointer while held (live session, teacher)',
          group: 'Teaching',
          match: [pointerKey],
          run: (event) => {
            if (!event.repeat) this.holdPointer();
          },
        })
      : ownListener();
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      offKey();
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }

  private handlers(): LiveClientHandlers {
    return {
      onPresence: (presence) => {
        this.lastPresence = presence;
        setText(this.presence, presenceText(presence));
        this.presenting?.quiz?.setStudents(presence.students);
      },
      // After a reconnection the server may have missed updates: send the view on screen again.
      onSnapshot: (snapshot, resync) => {
        if (!resync) return;
        this.presenting?.coalescer.touch();
        this.presenting?.quiz?.takeState(snapshot.quiz);
      },
      onAnswers: (answers) => {
        const quiz = this.presenting?.quiz;
        if (quiz) quiz.takeAnswers(answers);
        else if (answers.complete) this.earlyAnswers = [answers];
        else this.earlyAnswers.push(answers);
      },
      onConnection: (state) => {
        if (state === 'reconnecting') this.say('Connection lost; reconnecting…');
        if (state === 'connected' && this.presenting) this.say('');
      },
      onEnded: (reason) => {
        // The `ended` that answers this tab's own End session: already said.
        if (!this.presenting) return;
        this.stop();
        this.say(`The session has ended: ${reason}`);
      },
    };
  }

  private async copyLink(): Promise<void> {
    const text = this.linkText.textContent ?? '';
    try {
      await navigator.clipboard.writeText(text);
      setText(this.copyStatus, 'Copied');
    } catch {
      // No clipboard permission (an insecure origin): select the link so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(this.linkText);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      setText(this.copyStatus, 'Press Ctrl+C to copy');
    }
  }

  private forget(sessionId: string): void {
    const { storage } = this.options;
    storage.removeItem(presenterKeyStorageKey(sessionId));
    if (storage.getItem(presentingStorageKey) === sessionId) storage.removeItem(presentingStorageKey);
  }

  private say(text: string): void {
    setText(this.status, text);
  }
}

/** Before the next frame; a hidden tab (no frames) still sends, ten times a second. */
const nextFrame: FrameScheduler = (callback) => {
  if (document.hidden) setTimeout(callback, 100);
  else requestAnimationFrame(callback);
};

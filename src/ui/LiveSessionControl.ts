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
import type { LivePresence } from '../model/liveProtocol.ts';
import { toViewDocument } from '../model/ViewDocument.ts';
import type { ViewState } from '../model/ViewState.ts';
import { FrameCoalescer, type FrameScheduler } from '../teaching/liveFollow.ts';
import { h, setText } from './h.ts';
import { type LivePointer, pointerKey } from './LivePointer.ts';
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
  private readonly status = h('p', {
    class: 'live-status',
    role: 'status',
    dataset: { testid: 'live-status' },
  });
  private readonly startButton: HTMLButtonElement;
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
      dataset: { testid: 'live-end' },
      onclick: () => this.end(),
    });
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
      { class: 'live-panel', 'aria-label': 'Live session', hidden: true, dataset: { testid: 'live-panel' } },
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
    this.begin(client, sessionId);
    return true;
  }

  /** Stops presenting: nothing more is sent; students keep the last view. */
  end(): void {
    const presenting = this.presenting;
    if (!presenting) return;
    this.presenting = null;
    this.lastPresence = null;
    presenting.coalescer.stop();
    presenting.offStore();
    presenting.offPointer();
    this.options.pointer?.release();
    presenting.client.close();
    this.forget(presenting.sessionId);
    this.sessionPart.hidden = true;
    this.startButton.hidden = false;
    this.qrSlot.replaceChildren();
    this.button.setAttribute('aria-pressed', 'false');
    setText(this.button, 'Live');
    this.say('The session has ended. Students keep the last view.');
  }

  private begin(client: LiveClient, sessionId: string): void {
    const { store, manifest } = this.options;
    const coalescer = new FrameCoalescer(() => {
      if (client.present(toViewDocument(store.get(), manifest), this.options.tourStep())) this.sent += 1;
    }, this.options.schedule ?? nextFrame);
    // Every change on screen but one applied from a session (a teacher never follows another).
    const offStore = store.subscribe(() => coalescer.touch(), { sources: ['learner', 'app', 'tour'] });
    this.presenting = { client, sessionId, coalescer, offStore, offPointer: this.listenForPointerKey() };
    coalescer.touch();
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
      },
      // After a reconnection the server may have missed updates: send the view on screen again.
      onSnapshot: (_snapshot, resync) => {
        if (resync) this.presenting?.coalescer.touch();
      },
      onConnection: (state) => {
        if (state === 'reconnecting') this.say('Connection lost; reconnecting…');
        if (state === 'connected' && this.presenting) this.say('');
      },
      onEnded: (reason) => {
        this.end();
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

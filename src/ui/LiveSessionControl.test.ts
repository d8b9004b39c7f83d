// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { LiveClient, LiveClientHandlers } from '../data/liveClient.ts';
import { createStore } from '../lib/Store.ts';
import { syntheticManifestOf, syntheticSeries } from '../model/syntheticStack.testutil.ts';
import type { ViewDocument } from '../model/ViewDocument.ts';
import { initialViewState, patchViewport, type ViewState } from '../model/ViewState.ts';
import { LiveBanner } from './LiveBanner.ts';
import type { LivePointer } from './LivePointer.ts';
import {
  LiveSessionControl,
  presenceText,
  presenterKeyStorageKey,
  presentingStorageKey,
  sessionLink,
} from './LiveSessionControl.ts';
import { ShortcutRegistry } from './ShortcutRegistry.ts';

const manifest = syntheticManifestOf('demo', [syntheticSeries('ct', 10, '2.25.2')]);
const sessionId = 'abcDEF_-12';
const presenterKey = 'K'.repeat(22);

/** A LiveClient stand-in that records what is presented. */
function fakeClient(options: { createError?: string } = {}) {
  const presented: Array<{ view: ViewDocument; tourStep: number | null }> = [];
  let handlers: LiveClientHandlers = {};
  let closed = false;
  let ended = false;
  const fake: { onJoin: () => void } = { onJoin: () => undefined };
  const client = {
    create: async () =>
      options.createError
        ? { ok: false as const, error: options.createError }
        : { ok: true as const, sessionId, presenterKey },
    join: async () => {
      // The server sends the count before the join's reply.
      fake.onJoin();
      return { ok: true as const, caseId: 'demo', snapshot: { seq: 0, view: null, tourStep: null } };
    },
    present: (view: ViewDocument, tourStep: number | null) => {
      presented.push({ view, tourStep });
      return true;
    },
    close: () => {
      closed = true;
    },
    end: () => {
      ended = true;
      closed = true;
    },
  } as unknown as LiveClient;
  return Object.assign(fake, {
    connect: async (h: LiveClientHandlers) => {
      handlers = h;
      return client;
    },
    presented,
    handlers: () => handlers,
    closed: () => closed,
    ended: () => ended,
  });
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

function setUp(options: { createError?: string; pointer?: LivePointer; shortcuts?: ShortcutRegistry } = {}) {
  document.body.replaceChildren();
  const container = document.createElement('div');
  document.body.append(container);
  const store = createStore<ViewState>(initialViewState('demo', 'ct', 0));
  const fake = fakeClient(options);
  const storage = memoryStorage();
  const frames: Array<() => void> = [];
  let tourStep: number | null = null;
  const control = new LiveSessionControl({
    container,
    store,
    manifest,
    connect: fake.connect,
    storage,
    appUrl: () => 'http://127.0.0.1:4173/?case=x#view=2&s0=ct',
    tourStep: () => tourStep,
    schedule: (callback) => frames.push(callback),
    ...(options.pointer ? { pointer: options.pointer } : {}),
    ...(options.shortcuts ? { shortcuts: options.shortcuts } : {}),
  });
  const runFrames = () => {
    for (const frame of frames.splice(0)) frame();
  };
  return {
    control,
    store,
    fake,
    storage,
    runFrames,
    frames,
    setTourStep: (s: number | null) => (tourStep = s),
  };
}

const scrollTo = (store: ReturnType<typeof setUp>['store'], imageIndex: number) =>
  store.update((s) => patchViewport(s, 0, { imageIndex }), 'learner');

describe('LiveSessionControl', () => {
  it('sends nothing and schedules nothing while no session is live', () => {
    const { store, fake, frames } = setUp();
    for (let i = 1; i < 9; i++) scrollTo(store, i);
    expect(frames).toHaveLength(0);
    expect(fake.presented).toHaveLength(0);
  });

  it('starts a session: link (hash #live=<id> only), key kept in this tab, coalesced broadcast', async () => {
    const { control, store, fake, storage, runFrames, setTourStep } = setUp();
    await control.start();
    expect(document.querySelector('[data-testid="live-link"]')?.textContent).toBe(
      `http://127.0.0.1:4173/?case=x#live=${sessionId}`,
    );
    expect(storage.items.get(presentingStorageKey)).toBe(sessionId);
    expect(storage.items.get(presenterKeyStorageKey(sessionId))).toBe(presenterKey);
    runFrames();
    expect(fake.presented).toHaveLength(1);
    // Many changes in one frame: one message, the latest view, with the tour step.
    for (let i = 1; i <= 7; i++) scrollTo(store, i);
    setTourStep(2);
    runFrames();
    expect(fake.presented).toHaveLength(2);
    expect(fake.presented[1]?.view.viewports[0]?.image.SOPInstanceUID).toBe(
      manifest.series[0]?.instances[7]?.SOPInstanceUID,
    );
    expect(fake.presented[1]?.tourStep).toBe(2);
    // A view applied from a session is never echoed.
    store.set(patchViewport(store.get(), 0, { imageIndex: 3 }), 'remote');
    runFrames();
    expect(fake.presented).toHaveLength(2);
    expect(control.sent).toBe(2);
  });

  it('shows the count from presence as text', async () => {
    const { control, fake } = setUp();
    await control.start();
    fake.handlers().onPresence?.({ students: 3, following: 2, detached: 1 });
    expect(document.querySelector('[data-testid="live-presence"]')?.textContent).toBe(
      '2 following · 1 exploring on their own',
    );
  });

  it('End session ends it for everyone, stops sending, even a frame already scheduled, and forgets the key', async () => {
    const { control, store, fake, storage, runFrames } = setUp();
    await control.start();
    runFrames();
    scrollTo(store, 4);
    control.end();
    runFrames();
    scrollTo(store, 5);
    runFrames();
    expect(fake.presented).toHaveLength(1);
    expect(fake.ended()).toBe(true);
    expect(fake.closed()).toBe(true);
    expect(storage.items.size).toBe(0);
    expect(control.sessionId).toBeNull();
    expect(document.querySelector('[data-testid="live-status"]')?.textContent).toBe(
      'The session has ended for everyone.',
    );
  });

  it('a session the server ended stops presenting without ending it again', async () => {
    const { control, fake } = setUp();
    await control.start();
    fake.handlers().onEnded?.('This live session ended after a long time without activity');
    expect(fake.ended()).toBe(false);
    expect(fake.closed()).toBe(true);
    expect(control.sessionId).toBeNull();
    expect(document.querySelector('[data-testid="live-status"]')?.textContent).toBe(
      'The session has ended: This live session ended after a long time without activity',
    );
  });

  it("the server's refusal is shown as text, not markup", async () => {
    const { control } = setUp({ createError: '<img src=x onerror="window.__pwned=1">' });
    await control.start();
    const status = document.querySelector('[data-testid="live-status"]');
    expect(status?.textContent).toBe('<img src=x onerror="window.__pwned=1">');
    expect(status?.querySelector('img')).toBeNull();
    expect(control.sessionId).toBeNull();
  });

  it('resumes presenting after a reload with the key this tab kept, keeping the count heard on joining', async () => {
    const { control, storage, fake, runFrames } = setUp();
    storage.setItem(presenterKeyStorageKey(sessionId), presenterKey);
    fake.onJoin = () => fake.handlers().onPresence?.({ students: 1, following: 1, detached: 0 });
    expect(await control.resume(sessionId)).toBe(true);
    runFrames();
    expect(fake.presented).toHaveLength(1);
    expect(document.querySelector('[data-testid="live-presence"]')?.textContent).toBe(
      '1 following · 0 exploring on their own',
    );
    expect(await control.resume('zzzzzzzzzz')).toBe(false);
  });
});

describe('LiveSessionControl: the laser pointer key', () => {
  it("'.' holds the pointer only while presenting, once per press, not in a text field; key up releases", async () => {
    const calls: string[] = [];
    const pointer = {
      hold: () => calls.push('hold'),
      release: () => calls.push('release'),
    } as unknown as LivePointer;
    const shortcuts = new ShortcutRegistry();
    const { control } = setUp({ pointer, shortcuts });
    const press = (init: KeyboardEventInit, target: EventTarget = document.body) => {
      const event = new KeyboardEvent('keydown', { key: '.', bubbles: true, ...init });
      Object.defineProperty(event, 'target', { value: target });
      return shortcuts.handle(event);
    };
    expect(press({}), 'no session: the key is free').toBe(false);
    await control.start();
    expect(
      shortcuts.list().some((s) => s.keys.includes('.')),
      'listed in the help',
    ).toBe(true);
    expect(press({})).toBe(true);
    press({ repeat: true });
    expect(calls).toEqual(['hold']);
    window.dispatchEvent(new KeyboardEvent('keyup', { key: '.' }));
    expect(calls).toEqual(['hold', 'release']);
    const input = document.createElement('input');
    document.body.append(input);
    expect(press({}, input), 'typing a dot in a text field').toBe(false);
    control.end();
    expect(press({}), 'ended: the key is free again').toBe(false);
    expect(calls.filter((c) => c === 'hold')).toHaveLength(1);
  });
});

describe('sessionLink / presenceText', () => {
  it('keeps the address but replaces the whole hash', () => {
    expect(sessionLink('https://h/casebook/?case=a#view=2&s0=ct', 'abcdefghij')).toBe(
      'https://h/casebook/?case=a#live=abcdefghij',
    );
    expect(presenceText({ students: 0, following: 0, detached: 0 })).toBe(
      '0 following · 0 exploring on their own',
    );
  });
});

describe('LiveBanner', () => {
  it('says following / detached, and renders a problem from the server as text only', () => {
    document.body.replaceChildren();
    const host = document.createElement('div');
    document.body.append(host);
    let followed = 0;
    const banner = new LiveBanner(host, { follow: () => followed++, leave: () => undefined });
    banner.show('following');
    expect(banner.element.textContent).toContain('Following the teacher');
    expect(banner.element.querySelector<HTMLButtonElement>('[data-testid="live-follow"]')?.hidden).toBe(true);
    banner.show('detached');
    const follow = banner.element.querySelector<HTMLButtonElement>('[data-testid="live-follow"]');
    expect(follow?.hidden).toBe(false);
    follow?.click();
    expect(followed).toBe(1);
    banner.show('problem', '<script>window.__pwned=1</script><b>bold</b>');
    expect(banner.element.querySelector('script, b')).toBeNull();
    expect(banner.element.getAttribute('role')).toBe('alert');
    expect(banner.element.textContent).toContain('<b>bold</b>');
  });
});

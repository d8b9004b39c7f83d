// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../lib/Clock.ts';
import { type ChangeSource, createStore } from '../lib/Store.ts';
import { syntheticManifestOf, syntheticSeries } from '../model/syntheticStack.testutil.ts';
import type { ViewStateProblem } from '../model/ViewDocument.ts';
import { initialViewState, patchViewport, type ViewState } from '../model/ViewState.ts';
import { DeepLink, type LinkLocation, linkQuietMs } from './DeepLink.ts';

const manifest = syntheticManifestOf('demo', [syntheticSeries('ct', 10, '2.25.2')]);

/** A window.location / history pair that records what the deep link does to it. */
function fakeWindow(initialHash = '') {
  const writes: string[] = [];
  let hash = initialHash;
  let onHashChange: () => void = () => undefined;
  const target: LinkLocation = {
    location: {
      get hash() {
        return hash;
      },
      get href() {
        return `http://127.0.0.1/${hash}`;
      },
    },
    history: {
      state: null,
      replaceState(_data, _unused, url) {
        writes.push(url);
        hash = url;
      },
    },
    addEventListener(_type, listener) {
      onHashChange = listener;
    },
  };
  const navigate = (next: string) => {
    hash = next;
    onHashChange();
  };
  /** The address bar changes now; its hashchange event runs when the returned function is called. */
  const navigateLater = (next: string) => {
    hash = next;
    return () => onHashChange();
  };
  return { target, writes, navigate, navigateLater };
}

function setUp(initialHash = '') {
  const clock = new ManualClock();
  const store = createStore<ViewState>(initialViewState('demo', 'ct', 0));
  const sources: ChangeSource[] = [];
  store.subscribe((_n, _p, source) => sources.push(source));
  const problems: ViewStateProblem[][] = [];
  const fake = fakeWindow(initialHash);
  const link = new DeepLink({
    store,
    manifest,
    clock,
    target: fake.target,
    onLinkProblems: (list) => problems.push([...list]),
  });
  const scrollTo = (imageIndex: number) =>
    store.update((s) => patchViewport(s, 0, { imageIndex }), 'learner');
  return { clock, store, sources, problems, link, scrollTo, ...fake };
}

describe('DeepLink', () => {
  it('rewrites the URL only once the view has been still, however fast the learner scrolls', () => {
    const { clock, writes, scrollTo } = setUp();
    for (let i = 1; i <= 9; i++) {
      scrollTo(i);
      clock.advance(50);
    }
    expect(writes).toEqual([]);
    clock.advance(linkQuietMs);
    expect(writes).toHaveLength(1);
    expect(decodeURIComponent(writes[0] ?? '')).toContain('2.25.2.10');
  });

  it('does not write the same link twice, and writes a changed one after the next pause', () => {
    const { clock, writes, scrollTo } = setUp();
    scrollTo(3);
    clock.advance(linkQuietMs);
    scrollTo(4);
    scrollTo(3);
    clock.advance(linkQuietMs);
    expect(writes).toHaveLength(1);
    scrollTo(5);
    clock.advance(linkQuietMs);
    expect(writes).toHaveLength(2);
    expect(decodeURIComponent(writes[1] ?? '')).toContain('2.25.2.6');
  });

  it('writes at once when the link is asked for, and returns the whole URL', () => {
    const { writes, scrollTo, link } = setUp();
    scrollTo(2);
    const url = link.linkToThisView();
    expect(writes).toHaveLength(1);
    expect(url).toBe(`http://127.0.0.1/${writes[0]}`);
  });

  it('shows a link pasted into the address bar, as an app change, and does not read its own writes back', () => {
    const { clock, store, sources, writes, navigate, scrollTo } = setUp();
    scrollTo(2);
    clock.advance(linkQuietMs);
    const written = writes[0] ?? '';
    scrollTo(7);
    clock.advance(linkQuietMs);
    expect(writes).toHaveLength(2);
    navigate(written);
    expect(store.get().viewports[0]?.imageIndex).toBe(2);
    expect(sources.at(-1)).toBe('app');
    // The view it set is the link: nothing to write back.
    clock.advance(linkQuietMs);
    expect(writes).toHaveLength(2);
  });

  it('reports a pasted link it cannot show and keeps the view', () => {
    const { store, problems, navigate } = setUp();
    const before = store.get();
    navigate('#view=1&case=demo&layout=1x1&active=0&s0=ct&i0=9.9.9');
    expect(store.get()).toBe(before);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.map((p) => p.message).join(' ')).toContain('9.9.9');
  });

  it('does not write over a link pasted while its hashchange is still to come', () => {
    const { clock, store, writes, navigateLater, scrollTo } = setUp();
    scrollTo(2);
    clock.advance(linkQuietMs);
    const written = writes[0] ?? '';
    scrollTo(6);
    const pasted = written.replace('2.25.2.3', '2.25.2.9');
    const dispatch = navigateLater(pasted);
    // The pending write comes due before the browser dispatches hashchange.
    clock.advance(linkQuietMs);
    expect(writes).toHaveLength(1);
    dispatch();
    expect(store.get().viewports[0]?.imageIndex).toBe(8);
  });
});

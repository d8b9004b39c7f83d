import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../model/liveProtocol.ts';
import { syntheticManifestOf, syntheticSeries } from '../model/syntheticStack.testutil.ts';
import { parseViewState, toViewDocument } from '../model/ViewDocument.ts';
import { initialViewState, patchViewport, type ViewState } from '../model/ViewState.ts';
import { FrameCoalescer, LiveFollow, movedByLearner } from './liveFollow.ts';

const manifest = syntheticManifestOf('demo', [syntheticSeries('ct', 10, '2.25.2')]);
const viewAt = (imageIndex: number): ViewState => initialViewState('demo', 'ct', imageIndex);
const snapshot = (seq: number, imageIndex: number | null): LiveSnapshot => ({
  seq,
  view: imageIndex === null ? null : toViewDocument(viewAt(imageIndex), manifest),
  tourStep: null,
  tour: null,
  quiz: null,
});

function setUp() {
  const applied: number[] = [];
  const reports: string[] = [];
  const changes: boolean[] = [];
  const follow = new LiveFollow({
    parse: (raw) => parseViewState(raw, manifest),
    apply: (view) => applied.push(view.viewports[0]?.imageIndex ?? -1),
    report: (message) => reports.push(message),
    onFollowingChange: (following) => changes.push(following),
  });
  return { follow, applied, reports, changes };
}

describe('LiveFollow', () => {
  it('applies newer snapshots and ignores older or repeated ones', () => {
    const { follow, applied } = setUp();
    expect(follow.receive(snapshot(1, 3))).toBe('applied');
    expect(follow.receive(snapshot(3, 5))).toBe('applied');
    expect(follow.receive(snapshot(2, 4))).toBe('stale');
    expect(follow.receive(snapshot(3, 6))).toBe('stale');
    expect(applied).toEqual([3, 5]);
    expect(follow.seq).toBe(3);
  });

  it('takes a resync reply even when its seq is not newer (a restarted server counts again)', () => {
    const { follow, applied } = setUp();
    follow.receive(snapshot(9, 3));
    expect(follow.receive(snapshot(0, 7), true)).toBe('applied');
    expect(follow.receive(snapshot(1, 8))).toBe('applied');
    expect(applied).toEqual([3, 7, 8]);
  });

  it('detached: keeps the latest view without applying it; re-following jumps to it at once', () => {
    const { follow, applied, changes } = setUp();
    follow.receive(snapshot(1, 3));
    follow.detach();
    follow.detach();
    expect(follow.following).toBe(false);
    expect(follow.receive(snapshot(2, 4))).toBe('kept');
    expect(follow.receive(snapshot(3, 6))).toBe('kept');
    expect(applied).toEqual([3]);
    follow.follow();
    expect(applied).toEqual([3, 6]);
    expect(follow.following).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it('a view that does not fit the case is reported once, never applied', () => {
    const { follow, applied, reports } = setUp();
    const foreign = { ...snapshot(1, 3), view: { ...toViewDocument(viewAt(3), manifest), layout: '9x9' } };
    expect(follow.receive(foreign as unknown as LiveSnapshot)).toBe('unfit');
    expect(follow.receive({ ...foreign, seq: 2 } as unknown as LiveSnapshot)).toBe('unfit');
    expect(applied).toEqual([]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/teacher's view could not be shown.*layout/);
    // A later view that fits is shown.
    expect(follow.receive(snapshot(3, 2))).toBe('applied');
  });

  it('an empty room (no view yet) applies nothing', () => {
    const { follow, applied } = setUp();
    expect(follow.receive(snapshot(0, null), true)).toBe('empty');
    follow.detach();
    follow.follow();
    expect(applied).toEqual([]);
  });
});

describe('FrameCoalescer', () => {
  function frames() {
    const queue: Array<() => void> = [];
    return {
      schedule: (callback: () => void) => queue.push(callback),
      run: () => {
        for (const f of queue.splice(0)) f();
      },
      queue,
    };
  }

  it('sends once per frame however many changes come, reading the latest value then', () => {
    const clock = frames();
    let value = 0;
    const sent: number[] = [];
    const coalescer = new FrameCoalescer(() => sent.push(value), clock.schedule);
    for (value = 1; value <= 40; value++) coalescer.touch();
    value = 40;
    expect(clock.queue).toHaveLength(1);
    clock.run();
    expect(sent).toEqual([40]);
    coalescer.touch();
    value = 41;
    clock.run();
    expect(sent).toEqual([40, 41]);
    clock.run();
    expect(sent).toEqual([40, 41]);
  });

  it('stop cancels a frame already scheduled', () => {
    const clock = frames();
    const sent: string[] = [];
    const coalescer = new FrameCoalescer(() => sent.push('x'), clock.schedule);
    coalescer.touch();
    coalescer.stop();
    clock.run();
    coalescer.touch();
    clock.run();
    expect(sent).toEqual([]);
  });
});

describe('movedByLearner', () => {
  const still = viewAt(3);
  const playing = patchViewport(still, 0, { cine: { playing: true, fps: 15 } });
  it("a cine loop's step is not the student's move; any other change is", () => {
    expect(movedByLearner(patchViewport(playing, 0, { imageIndex: 4 }), playing)).toBe(false);
    expect(movedByLearner(patchViewport(still, 0, { imageIndex: 4 }), still)).toBe(true);
    expect(movedByLearner(patchViewport(playing, 0, { invert: true }), playing)).toBe(true);
    expect(movedByLearner({ ...playing, primaryTool: 'Zoom' }, playing)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { syntheticManifestOf, syntheticSeries } from '../model/syntheticStack.testutil.ts';
import type { TourFile, TourStep } from '../model/TourFile.ts';
import { initialViewState, patchViewport } from '../model/ViewState.ts';
import {
  clampStep,
  maxTransitionFrames,
  planStep,
  stepPositionText,
  transitionFrames,
} from './TourPlayer.ts';

const ct = syntheticSeries('ct', 200, '1.2.3');
const mr = syntheticSeries('mr', 30, '1.2.4');
const manifest = syntheticManifestOf('case', [ct, mr]);

function step(seriesKey: string, instance: number, extra: Partial<TourStep> = {}): TourStep {
  const root = seriesKey === 'ct' ? '1.2.3' : '1.2.4';
  return {
    id: `s-${seriesKey}-${instance}`,
    title: 'Step',
    caption: 'Caption',
    view: {
      viewports: [
        {
          image: { seriesKey, SOPInstanceUID: `${root}.${instance}` },
          voi: { windowCenter: 500, windowWidth: 2000 },
        },
      ],
      visibleCategories: ['level'],
      highlightedFinding: 'level-1',
    },
    ...extra,
  };
}

const tourOf = (...steps: TourStep[]): TourFile => ({ schemaVersion: 1, caseId: 'case', title: 'T', steps });

describe('planStep', () => {
  const current = initialViewState('case', 'ct', 10);

  it('sets the step view: image by SOPInstanceUID, window, overlays, highlighted finding', () => {
    const result = planStep(tourOf(step('ct', 101)), 0, current, manifest);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { target } = result.plan;
    expect(target.viewports[0]?.imageIndex).toBe(100);
    expect(target.viewports[0]?.voi).toEqual({ windowCenter: 500, windowWidth: 2000 });
    expect(target.visibleCategories).toEqual(['level']);
    expect(target.highlightedFinding).toBe('level-1');
    expect(target.viewports[0]?.cine.playing).toBe(false);
  });

  it('scrolls through the slices between, in order, in the step window, at most maxTransitionFrames', () => {
    const result = planStep(tourOf(step('ct', 101)), 0, current, manifest);
    if (!result.ok) throw new Error('plan failed');
    const indices = result.plan.frames.map((f) => f.viewports[0]?.imageIndex ?? -1);
    expect(indices[0]).toBe(10);
    expect(indices.length).toBeLessThanOrEqual(maxTransitionFrames + 1);
    expect(indices.length).toBeGreaterThan(10);
    for (let i = 1; i < indices.length; i++) expect(indices[i]).toBeGreaterThan(indices[i - 1] ?? 0);
    expect(indices.at(-1)).toBeLessThan(100);
    for (const frame of result.plan.frames) {
      expect(frame.viewports[0]?.voi?.windowWidth).toBe(2000);
      expect(frame.highlightedFinding).toBe('level-1');
    }
  });

  it('scrolls backwards too, one image at a time over a short distance', () => {
    const near = patchViewport(current, 0, { imageIndex: 105 });
    const result = planStep(tourOf(step('ct', 101)), 0, near, manifest);
    if (!result.ok) throw new Error('plan failed');
    expect(result.plan.frames.map((f) => f.viewports[0]?.imageIndex)).toEqual([105, 104, 103, 102, 101]);
  });

  it('jumps when the step says so, when the series changes, and when already there', () => {
    const jump = planStep(tourOf(step('ct', 101, { transition: 'jump' })), 0, current, manifest);
    const otherSeries = planStep(tourOf(step('mr', 12)), 0, current, manifest);
    const there = planStep(tourOf(step('ct', 11)), 0, current, manifest);
    for (const result of [jump, otherSeries, there]) {
      expect(result.ok && result.plan.frames).toEqual([]);
    }
  });

  it('reports a step whose image the case does not have, naming the field', () => {
    const result = planStep(tourOf(step('ct', 999)), 0, current, manifest);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toContain('viewports[0].image.SOPInstanceUID');
  });

  it('opens a two-viewport step in 1x2 and keeps the tool', () => {
    const twoUp: TourStep = {
      ...step('ct', 50),
      view: {
        viewports: [
          { image: { seriesKey: 'ct', SOPInstanceUID: '1.2.3.50' } },
          { image: { seriesKey: 'mr', SOPInstanceUID: '1.2.4.7' }, camera: { zoom: 2, panMm: [3, -4] } },
        ],
      },
    };
    const result = planStep(tourOf(twoUp), 0, { ...current, primaryTool: 'Pan' }, manifest);
    if (!result.ok) throw new Error('plan failed');
    expect(result.plan.target.layout).toBe('1x2');
    expect(result.plan.target.viewports[1]).toMatchObject({ seriesKey: 'mr', imageIndex: 6 });
    expect(result.plan.target.viewports[1]?.camera).toEqual({ zoom: 2, panMm: [3, -4] });
    expect(result.plan.target.primaryTool).toBe('Pan');
  });

  it("reveals up to the step's stage and never hides again", () => {
    const unknown = { ...current, reveal: 'history' as const };
    const revealing = planStep(tourOf(step('ct', 50, { reveal: 'diagnosis' })), 0, unknown, manifest);
    expect(revealing.ok && revealing.plan.target.reveal).toBe('diagnosis');
    expect(revealing.ok && revealing.plan.frames.every((f) => f.reveal === 'diagnosis')).toBe(true);
    const later = { ...current, reveal: 'all' as const };
    const back = planStep(tourOf(step('ct', 50, { reveal: 'findings' })), 0, later, manifest);
    expect(back.ok && back.plan.target.reveal).toBe('all');
    const silent = planStep(tourOf(step('ct', 50)), 0, unknown, manifest);
    expect(silent.ok && silent.plan.target.reveal).toBe('history');
  });

  it('clamps the step index into the tour', () => {
    const tour = tourOf(step('ct', 20), step('ct', 30));
    const result = planStep(tour, 7, current, manifest);
    expect(result.ok && result.plan.index).toBe(1);
  });
});

describe('transitionFrames', () => {
  it('samples a long run evenly, never repeating an image', () => {
    const from = initialViewState('case', 'ct', 0);
    const to = patchViewport(from, 0, { imageIndex: 199 });
    const frames = transitionFrames(step('ct', 200), from, to);
    const indices = frames.map((f) => f.viewports[0]?.imageIndex);
    expect(frames).toHaveLength(maxTransitionFrames + 1);
    expect(new Set(indices).size).toBe(indices.length);
  });
});

describe('position', () => {
  it('is 1-based and clamped', () => {
    expect(stepPositionText(2, 9)).toBe('3 / 9');
    expect(stepPositionText(20, 9)).toBe('9 / 9');
    expect(stepPositionText(0, 0)).toBe('0 / 0');
    expect(clampStep(-3, 4)).toBe(0);
    expect(clampStep(Number.NaN, 4)).toBe(0);
  });
});

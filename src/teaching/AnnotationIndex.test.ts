import { describe, expect, it } from 'vitest';
import { worldPoint } from '../model/geometry.ts';
import type { TeachingAnnotation } from '../model/TeachingAnnotation.ts';
import {
  annotationsForImage,
  buildAnnotationIndex,
  categoryCounts,
  findingsForSection,
  resolveFindingLink,
  sliderTicks,
} from './AnnotationIndex.ts';
import {
  CT_FOR,
  ctAnnotation,
  dxAnnotation,
  fileWith,
  levelOnSlice5,
  MR_FOR,
  rimOnSlice5,
  syntheticManifest,
} from './syntheticCase.testutil.ts';

// CT slices are 2 mm thick every 2 mm at z = 20 − 2·i; slice 5 is z = 10.
const level = levelOnSlice5;
const rim = rimOnSlice5;
// Drawn on slice 7 (z = 6) but 0.5 mm off it, so it sits within half a slice of slice 7 only.
const offPlane = ctAnnotation('femoral-head', 'anatomy', 7, { kind: 'point', points: [[3, 3, 6.5]] });
// On a 5 mm MR slice (z = 2, image 2), rotated frame.
const mrMass: TeachingAnnotation = {
  id: 'mass-t1',
  kind: 'ellipse',
  category: 'mass',
  label: 'Mass',
  sections: ['findings-mr'],
  space: 'patient',
  image: { seriesKey: 'mr-t1', SOPInstanceUID: '1.2.3.2.3', FrameOfReferenceUID: MR_FOR },
  points: [worldPoint(20, 0, 2), worldPoint(26, 0, 2), worldPoint(20, 4, 2)],
};
const xr = dxAnnotation('cluster', 'mass', {
  kind: 'ellipse',
  points: [
    [50, 40],
    [60, 40],
    [50, 46],
  ],
});
const file = fileWith([level, rim, offPlane, mrMass, xr]);
const index = buildAnnotationIndex(file, syntheticManifest, 'annotations/demo.json');
const ids = (list: readonly { annotation: TeachingAnnotation }[]) => list.map((e) => e.annotation.id);

describe('annotationsForImage (visibility by slice)', () => {
  it('shows an annotation on the slice it was drawn on, with its points in pixels', () => {
    const onSlice = annotationsForImage(index, 'ct-axial', 5);
    expect(ids(onSlice)).toEqual(['level-1', 'rim-1']);
    expect(onSlice[0]?.isHome).toBe(true);
    expect(onSlice[0]?.imagePoints).toEqual([
      [22, 36],
      [42, 36],
    ]);
  });

  it('does not show it on neighbouring slices a whole slice away', () => {
    expect(ids(annotationsForImage(index, 'ct-axial', 4))).toEqual([]);
    expect(ids(annotationsForImage(index, 'ct-axial', 6))).toEqual([]);
  });

  it('shows a finding on a neighbour within half a slice thickness in patient space', () => {
    // femoral-head is at z = 6.5: 0.5 mm from slice 7 (z = 6), 1.5 mm from slice 6 (z = 8).
    expect(ids(annotationsForImage(index, 'ct-axial', 7))).toEqual(['femoral-head']);
    expect(ids(annotationsForImage(index, 'ct-axial', 6))).toEqual([]);
    const atBoundary = ctAnnotation('boundary', 'anatomy', 7, { kind: 'point', points: [[0, 0, 7]] });
    const both = buildAnnotationIndex(fileWith([atBoundary]), syntheticManifest);
    expect(ids(annotationsForImage(both, 'ct-axial', 6))).toEqual(['boundary']);
    expect(annotationsForImage(both, 'ct-axial', 6)[0]?.isHome).toBe(false);
    expect(ids(annotationsForImage(both, 'ct-axial', 7))).toEqual(['boundary']);
  });

  it('keeps each series to its own annotations and filters by visible category', () => {
    expect(ids(annotationsForImage(index, 'mr-t1', 2))).toEqual(['mass-t1']);
    expect(ids(annotationsForImage(index, 'mr-t1', 1))).toEqual([]);
    expect(ids(annotationsForImage(index, 'dx-pelvis', 0))).toEqual(['cluster']);
    expect(ids(annotationsForImage(index, 'ct-axial', 5, ['rim']))).toEqual(['rim-1']);
    expect(ids(annotationsForImage(index, 'ct-axial', 5, []))).toEqual([]);
  });
});

describe('sliderTicks', () => {
  it('ticks the images findings were drawn on, with their categories', () => {
    expect(sliderTicks(index, 'ct-axial')).toEqual([
      { imageIndex: 5, annotationIds: ['level-1', 'rim-1'], categories: ['level', 'rim'] },
      { imageIndex: 7, annotationIds: ['femoral-head'], categories: ['anatomy'] },
    ]);
    expect(sliderTicks(index, 'ct-axial', ['anatomy']).map((t) => t.imageIndex)).toEqual([7]);
    expect(sliderTicks(index, 'mr-t1').map((t) => t.imageIndex)).toEqual([2]);
  });
});

describe('resolveFindingLink', () => {
  it('leads to the series, image and centre of a CT finding', () => {
    const target = resolveFindingLink(index, 'level-1');
    expect(target).toMatchObject({
      seriesKey: 'ct-axial',
      imageIndex: 5,
      categoryId: 'level',
      centreWorld: [0, 2, 10],
    });
    expect(target?.centreImage).toEqual([32, 36]);
    expect(target?.sections).toEqual(['findings-ct']);
  });

  it('centres an ellipse on its centre, in the MR frame', () => {
    const target = resolveFindingLink(index, 'mass-t1');
    expect(target?.seriesKey).toBe('mr-t1');
    expect(target?.imageIndex).toBe(2);
    expect(target?.centreWorld).toEqual([20, 0, 2]);
  });

  it('gives pixel centres for the radiograph and nothing for unknown ids', () => {
    expect(resolveFindingLink(index, 'cluster')).toMatchObject({
      seriesKey: 'dx-pelvis',
      imageIndex: 0,
      centreImage: [50, 40],
    });
    expect(resolveFindingLink(index, 'cluster')?.centreWorld).toBeUndefined();
    expect(resolveFindingLink(index, 'nope')).toBeUndefined();
  });
});

describe('problems placing annotations', () => {
  it('names annotations whose series, image or frame do not exist in the manifest', () => {
    const bad = fileWith([
      { ...level, id: 'a', image: { ...level.image, seriesKey: 'ct-sag' } } as TeachingAnnotation,
      { ...level, id: 'b', image: { ...level.image, SOPInstanceUID: '9.9.9' } } as TeachingAnnotation,
      { ...level, id: 'c', image: { ...level.image, FrameOfReferenceUID: MR_FOR } } as TeachingAnnotation,
      { ...level, id: 'd', image: { ...level.image, seriesKey: 'dx-pelvis' } } as TeachingAnnotation,
      level,
    ]);
    const built = buildAnnotationIndex(bad, syntheticManifest, 'annotations/demo.json');
    expect(built.problems.map((p) => p.message)).toEqual([
      "annotations/demo.json: annotation 'a' (index 0): image.seriesKey 'ct-sag' is not a series of the case (ct-axial, mr-t1, dx-pelvis)",
      "annotations/demo.json: annotation 'b' (index 1): image.SOPInstanceUID 9.9.9 is not an image of series 'ct-axial'",
      `annotations/demo.json: annotation 'c' (index 2): image.FrameOfReferenceUID ${MR_FOR} is not the frame of series 'ct-axial' (${CT_FOR})`,
      "annotations/demo.json: annotation 'd' (index 3): image.SOPInstanceUID 1.2.3.1.6 is not an image of series 'dx-pelvis'",
    ]);
    // The good one is still placed and shown.
    expect(ids(annotationsForImage(built, 'ct-axial', 5))).toEqual(['level-1']);
  });
});

describe('panel helpers', () => {
  it('lists findings of a section and counts per category', () => {
    expect(findingsForSection(file, 'findings-ct').map((a) => a.id)).toEqual([
      'level-1',
      'rim-1',
      'femoral-head',
    ]);
    expect(Object.fromEntries(categoryCounts(file))).toEqual({ level: 1, rim: 1, anatomy: 1, mass: 2 });
  });
});

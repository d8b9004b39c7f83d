import { describe, expect, it } from 'vitest';
import { type WorldPoint, worldPoint } from '../src/model/geometry.ts';
import {
  CT_FOR,
  ctAnnotation,
  ctSeries,
  dxAnnotation,
  fileWith,
  syntheticManifest,
} from '../src/teaching/syntheticCase.testutil.ts';
import {
  checkAnnotationsAgainstImages,
  type ImageFromFile,
  type ImageSource,
} from './checkAnnotationsAgainstImages.ts';
import { LEVEL_Y, LOCULUS, RADIUS, RIM, SLICE, syntheticCtSlice } from './syntheticCtSlice.testutil.ts';

const FILE = 'annotations/demo.json';
const pixels = syntheticCtSlice();
const sliceUid = `1.2.3.1.${SLICE + 1}`;

/** Serves the synthetic slice for CT slice 5, an empty image for the radiograph, and errors otherwise. */
const images: ImageSource = (seriesKey, uid) => {
  if (seriesKey === 'ct-axial' && uid === sliceUid) {
    const file: ImageFromFile = {
      ...pixels,
      SOPInstanceUID: uid,
      Modality: 'CT',
      FrameOfReferenceUID: CT_FOR,
      ImagePositionPatient: ctSeries.instances[SLICE]?.ImagePositionPatient as WorldPoint,
    };
    return file;
  }
  if (seriesKey === 'dx-pelvis')
    return { Rows: 80, Columns: 100, values: new Float32Array(8000), SOPInstanceUID: uid, Modality: 'DX' };
  return new Error('ENOENT: no such file');
};

const level = (id: string, y: number) =>
  ctAnnotation(id, 'fluid-calcium-level', SLICE, {
    kind: 'line',
    points: [
      [LOCULUS[0] - 4, y, 10],
      [LOCULUS[0] + 4, y, 10],
    ],
  });
const rim = (id: string, dx: number) =>
  ctAnnotation(id, 'calcified-rim', SLICE, {
    kind: 'polyline',
    closed: true,
    points: Array.from({ length: 24 }, (_, i) => {
      const a = (2 * Math.PI * i) / 24;
      const r = RADIUS - RIM / 2;
      return worldPoint(LOCULUS[0] + dx + r * Math.cos(a), LOCULUS[1] + r * Math.sin(a), 10);
    }),
  });
const xr = dxAnnotation('cluster', 'mass-extent', { kind: 'point', points: [[50, 40]] });

describe('checkAnnotationsAgainstImages', () => {
  it('accepts findings that sit on what they claim, and lists what it checked', () => {
    const report = checkAnnotationsAgainstImages(
      fileWith([level('level-1', LEVEL_Y), rim('rim-1', 0), xr]),
      syntheticManifest,
      images,
      FILE,
    );
    expect(report.problems.map((p) => p.message)).toEqual([]);
    expect(report.checked.map((c) => [c.annotationId, c.claim, c.result.ok])).toEqual([
      ['level-1', 'fluid-calcium-level', true],
      ['rim-1', 'calcified-rim', true],
    ]);
    expect(report.placementOnly).toEqual(['cluster']);
  });

  it('fails a deliberately misplaced level and rim, naming the annotations', () => {
    const report = checkAnnotationsAgainstImages(
      fileWith([level('level-1', LEVEL_Y), level('level-2', LEVEL_Y - 4), rim('rim-1', 0), rim('rim-3', 4)]),
      syntheticManifest,
      images,
      FILE,
    );
    const messages = report.problems.map((p) => p.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /^annotations\/demo\.json: annotation 'level-2' \(index 1\): calcium expected just posterior to the line \(200 to 1300 HU\), found -?\d+ HU$/,
    );
    expect(messages[1]).toMatch(
      /^annotations\/demo\.json: annotation 'rim-3' \(index 3\): only \d+ % of the outline runs over calcified rim/,
    );
  });

  it('reports points outside the image and off the slice plane', () => {
    const outside = ctAnnotation('far', 'normal-anatomy', SLICE, { kind: 'point', points: [[40, 0, 10]] });
    const offPlane = ctAnnotation('off', 'normal-anatomy', SLICE, { kind: 'point', points: [[0, 0, 12.5]] });
    const report = checkAnnotationsAgainstImages(
      fileWith([outside, offPlane]),
      syntheticManifest,
      images,
      FILE,
    );
    expect(report.problems.map((p) => p.message)).toEqual([
      "annotations/demo.json: annotation 'far' (index 0): points[0] falls outside the image (column 112.0, row 32.0 of 64×64)",
      "annotations/demo.json: annotation 'off' (index 1): points[0] lies 2.50 mm off the plane of its image (more than half the 2.00 mm slice)",
    ]);
  });

  it('reports unreadable image files and files that disagree with the annotation', () => {
    const missing = ctAnnotation('missing', 'normal-anatomy', 2, { kind: 'point', points: [[0, 0, 16]] });
    const wrongFrame: ImageSource = (key, uid) => {
      const image = images(key, uid);
      return image instanceof Error ? image : { ...image, FrameOfReferenceUID: '1.2.999' };
    };
    expect(
      checkAnnotationsAgainstImages(fileWith([missing]), syntheticManifest, images, FILE).problems.map(
        (p) => p.message,
      ),
    ).toEqual([
      "annotations/demo.json: annotation 'missing' (index 0): the image file of 1.2.3.1.3 cannot be read: ENOENT: no such file",
    ]);
    expect(
      checkAnnotationsAgainstImages(
        fileWith([level('level-1', LEVEL_Y)]),
        syntheticManifest,
        wrongFrame,
        FILE,
      ).problems.map((p) => p.message),
    ).toEqual([
      `annotations/demo.json: annotation 'level-1' (index 0): the image file's FrameOfReferenceUID is 1.2.999, not ${CT_FOR}`,
    ]);
  });
});

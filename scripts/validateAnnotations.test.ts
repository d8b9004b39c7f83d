// Runs `npm run validate`'s checks on the committed annotations and on deliberately broken copies, against the
// generated sample case (scripts/test.mjs generates it before the unit tests).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleImage } from '../authoring/checkFindingPixels.ts';
import type { CaseTruth } from '../generator/CaseTruth.ts';
import { CASE_ID } from '../generator/caseGeometry.ts';
import { decodeDicomImage } from '../src/data/decodeDicomImage.ts';
import type { CaseManifest, WorldPoint } from '../src/model/CaseManifest.ts';
import {
  imagePlane,
  imageToWorld,
  nearestImageIndex,
  translate,
  worldToImage,
} from '../src/model/geometry.ts';
import { annotationFiles, validateAnnotationsFile } from './validateAnnotations.ts';

const root = resolve(import.meta.dirname, '..');
const sampleDir = join(root, 'sample-dicom');
const caseFile = join(root, 'annotations', `${CASE_ID}.json`);

if (!existsSync(join(sampleDir, CASE_ID, 'manifest.json'))) {
  throw new Error(
    'The sample case is missing: run `npm run generate` (scripts/test.mjs does) before these tests.',
  );
}

type Raw = { annotations: Record<string, unknown>[] } & Record<string, unknown>;

/** A copy of the case's annotations (and its text) in a temporary folder, changed by `edit`. */
function brokenCopy(edit: (file: Raw) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'annotations-'));
  const raw = JSON.parse(readFileSync(caseFile, 'utf8')) as Raw;
  edit(raw);
  const path = join(dir, `${CASE_ID}.json`);
  writeFileSync(path, JSON.stringify(raw));
  copyFileSync(join(root, 'annotations', `${CASE_ID}.md`), join(dir, `${CASE_ID}.md`));
  return path;
}

const byId = (file: Raw, id: string) => {
  const found = file.annotations.find((a) => a.id === id);
  if (!found) throw new Error(`no annotation ${id}`);
  return found as { points: number[][]; image: Record<string, string> } & Record<string, unknown>;
};

describe('validateAnnotations on the sample case', () => {
  it('finds every annotations file but not the schema', () => {
    expect(annotationFiles(join(root, 'annotations')).map((f) => f.slice(root.length + 1))).toEqual([
      `annotations/${CASE_ID}.json`,
    ]);
  });

  it('accepts the committed annotations: every finding sits on what it claims', () => {
    const report = validateAnnotationsFile(caseFile, { root, sampleDir });
    expect(report.problems.map((p) => p.message)).toEqual([]);
    const checked = new Map(report.checked.map((c) => [c.annotationId, c]));
    // Seven loculi: a level and a rim each, plus the osteolysis, all pixel-checked.
    expect([...checked.keys()].filter((id) => id.startsWith('level-'))).toHaveLength(7);
    expect([...checked.keys()].filter((id) => id.startsWith('rim-'))).toHaveLength(7);
    expect(checked.get('pubic-osteolysis')?.result.ok).toBe(true);
    for (const c of report.checked) {
      if (c.claim === 'fluid-calcium-level') {
        expect(c.result.measured.posteriorHU).toBeGreaterThan(300);
        expect(c.result.measured.anteriorHU).toBeLessThan(30);
      }
    }
  });

  it('fails deliberately misplaced findings with messages naming each one', () => {
    const path = brokenCopy((file) => {
      // The level of loculus 1 moved 4 mm anterior, into the fluid.
      for (const p of byId(file, 'level-1').points) p[1] = (p[1] ?? 0) - 4;
      // The rim of loculus 2 moved 6 mm to the patient's left.
      for (const p of byId(file, 'rim-2').points) p[0] = (p[0] ?? 0) + 6;
      // The osteolysis outline drawn over the intact right pubic body instead.
      for (const p of byId(file, 'pubic-osteolysis').points) p[0] = -(p[0] ?? 0);
      // An MR annotation that claims the CT frame, and an image that does not exist.
      byId(file, 'mass-t1').image.FrameOfReferenceUID = byId(file, 'level-1').image
        .FrameOfReferenceUID as string;
      byId(file, 'bladder').image.SOPInstanceUID = '1.2.3.4.5';
    });
    const messages = validateAnnotationsFile(path, { root: join(path, '..', '..'), sampleDir }).problems.map(
      (p) => p.message,
    );
    const name = path.split('/').slice(-2).join('/');
    expect(messages).toHaveLength(5);
    expect(messages[0]).toMatch(
      new RegExp(
        `^${name}: annotation 'level-1' \\(index 0\\): calcium expected just posterior to the line \\(200 to 1300 HU\\), found -?\\d+ HU$`,
      ),
    );
    expect(messages[1]).toMatch(
      new RegExp(
        `^${name}: annotation 'rim-2' \\(index 3\\): only \\d+ % of the outline runs over calcified rim`,
      ),
    );
    expect(messages[2]).toMatch(
      new RegExp(
        `^${name}: annotation 'pubic-osteolysis' \\(index \\d+\\): the outline is over intact bone \\(\\d+ % of pixels ≥ 180 HU\\) and the bone loss is in its mirror image \\(\\d+ %\\): wrong side of the midline$`,
      ),
    );
    expect(messages[3]).toMatch(
      new RegExp(
        `^${name}: annotation 'bladder' \\(index \\d+\\): image.SOPInstanceUID 1.2.3.4.5 is not an image of series 'ct-axial'$`,
      ),
    );
    expect(messages[4]).toMatch(
      new RegExp(
        `^${name}: annotation 'mass-t1' \\(index \\d+\\): image.FrameOfReferenceUID [0-9.]+ is not the frame of series 'mr-t1-axial'`,
      ),
    );
  });

  it('reports a schema problem and a broken text link without touching the images', () => {
    const path = brokenCopy((file) => {
      byId(file, 'rim-3').points[2] = [1, 2];
      byId(file, 'level-2').sections = ['findings-pet'];
    });
    const messages = validateAnnotationsFile(path, { root: join(path, '..', '..'), sampleDir }).problems.map(
      (p) => p.message,
    );
    expect(messages).toEqual([
      `${path.split('/').slice(-2).join('/')}: annotation 'rim-3' (index 5): points[2] must have 3 numbers [x, y, z] in mm, has 2`,
    ]);
  });
});

describe('validateAnnotations on the key image', () => {
  it('names a key image that is not an image of the case, and an instance number that disagrees', () => {
    const name = (path: string) => path.split('/').slice(-2).join('/');
    const elsewhere = brokenCopy((file) => {
      (file.keyImage as Record<string, unknown>).SOPInstanceUID = '1.2.3.4';
    });
    expect(
      validateAnnotationsFile(elsewhere, { root: join(elsewhere, '..', '..'), sampleDir }).problems.map(
        (p) => p.message,
      ),
    ).toEqual([`${name(elsewhere)}: keyImage.SOPInstanceUID 1.2.3.4 is not an image of series 'ct-axial'`]);
    const hint = brokenCopy((file) => {
      (file.keyImage as Record<string, unknown>).InstanceNumber = 100;
    });
    expect(
      validateAnnotationsFile(hint, { root: join(hint, '..', '..'), sampleDir }).problems.map(
        (p) => p.message,
      ),
    ).toEqual([
      `${name(hint)}: keyImage.InstanceNumber 100 does not match the image its SOPInstanceUID names (InstanceNumber 155)`,
    ]);
  });
});

describe('world ⇄ image on the generated series', () => {
  const caseDir = join(sampleDir, CASE_ID);
  const manifest = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')) as CaseManifest;
  const truth = JSON.parse(readFileSync(join(caseDir, 'truth.json'), 'utf8')) as CaseTruth;
  const series = (modality: string, description = /./) => {
    const found = manifest.series.find(
      (s) => s.Modality === modality && description.test(s.SeriesDescription),
    );
    if (!found) throw new Error(`no ${modality} series`);
    return found;
  };
  const pixelAt = (key: ReturnType<typeof series>, world: WorldPoint) => {
    const nearest = nearestImageIndex(key, world);
    const plane = nearest && imagePlane(key, nearest.imageIndex);
    const instance = nearest && key.instances[nearest.imageIndex];
    if (!nearest || !plane || !instance) throw new Error('no image');
    const image = decodeDicomImage(readFileSync(join(caseDir, instance.file)));
    const { point } = worldToImage(plane, world);
    return { value: sampleImage(image, point), point, plane, distanceMm: nearest.distanceMm };
  };

  it('finds every truth landmark on the CT at the HU the truth expects', () => {
    const ct = series('CT');
    for (const landmark of truth.landmarks) {
      const { value, point, plane, distanceMm } = pixelAt(ct, landmark.pointMm);
      expect(Math.abs(distanceMm)).toBeLessThanOrEqual(0.625);
      expect(value, landmark.name).toBeGreaterThanOrEqual(landmark.expectedHU[0]);
      expect(value, landmark.name).toBeLessThanOrEqual(landmark.expectedHU[1]);
      const back = imageToWorld(plane, point);
      expect(back[0]).toBeCloseTo(landmark.pointMm[0], 6);
      expect(back[1]).toBeCloseTo(landmark.pointMm[1], 6);
    }
  });

  it('maps a CT point into the MR frame with mrOffsetMm: urine is bright on T2 and dark on T1 there', () => {
    const urine = truth.landmarks.find((l) => l.name === 'urine in the bladder')?.pointMm;
    const fat = truth.landmarks.find((l) => l.tissue === 'fat')?.pointMm;
    if (!urine || !fat) throw new Error('landmarks missing');
    const toMr = (p: WorldPoint): WorldPoint => translate(p, truth.mrOffsetMm);
    const t1 = series('MR', /T1/);
    const t2 = series('MR', /T2/);
    expect(pixelAt(t2, toMr(urine)).value).toBeGreaterThan(2 * pixelAt(t2, toMr(fat)).value);
    expect(pixelAt(t1, toMr(urine)).value).toBeLessThan(0.5 * pixelAt(t1, toMr(fat)).value);
  });
});

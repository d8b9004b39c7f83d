import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { worldPoint } from '../src/model/geometry.ts';
import { validateAnnotationFile } from '../src/model/validateAnnotationFile.ts';
import {
  authorCaseAnnotations,
  convexHull,
  ellipsePolygon,
  ellipsoidSection,
  readGeneratedCase,
} from './authorAnnotations.ts';

const root = resolve(import.meta.dirname, '..');

describe('authoring geometry', () => {
  it('cuts an ellipsoid with an axial plane', () => {
    expect(ellipsoidSection(worldPoint(0, 0, 0), [10, 5, 4], 0)).toEqual({ cx: 0, cy: 0, ax: 10, ay: 5 });
    const section = ellipsoidSection(worldPoint(1, 2, 3), [10, 5, 4], 5);
    expect(section?.ax).toBeCloseTo(10 * Math.sqrt(0.75), 9);
    expect(section?.ay).toBeCloseTo(5 * Math.sqrt(0.75), 9);
    expect(ellipsoidSection(worldPoint(0, 0, 0), [10, 5, 4], 4)).toBeUndefined();
  });

  it('walks an ellipse from +x toward +y', () => {
    const points = ellipsePolygon({ cx: 1, cy: 2, ax: 3, ay: 4 }, 7, 4);
    expect(points[0]).toEqual([4, 2, 7]);
    expect(points[1]?.[0]).toBeCloseTo(1, 9);
    expect(points[1]?.[1]).toBeCloseTo(6, 9);
  });

  it('keeps only the convex outline of a point set', () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 0],
    ]);
    expect(hull).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });
});

describe('the committed annotations file', () => {
  const { manifest, truth, readCt } = readGeneratedCase(join(root, 'sample-dicom'));
  const authored = authorCaseAnnotations(manifest, truth, readCt);

  it('is valid against the schema', () => {
    const result = validateAnnotationFile(authored, 'authored', manifest.caseId);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([]);
  });

  it('matches what the authoring script computes from the current sample (rerun it after the generator changes)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'annotations', `${manifest.caseId}.json`), 'utf8'));
    delete committed.$schema;
    expect(committed, 'annotations/*.json is stale: run `npx tsx scripts/authorAnnotations.ts`').toEqual(
      JSON.parse(JSON.stringify(authored)),
    );
  });

  it('covers every loculus with a level and a rim, and every required category', () => {
    const ids = authored.annotations.map((a) => a.id);
    for (const l of truth.loculi) {
      const n = l.id.replace(/^\D+/, '');
      expect(ids).toContain(`level-${n}`);
      expect(ids).toContain(`rim-${n}`);
    }
    const used = new Set(authored.annotations.map((a) => a.category));
    expect([...used].sort()).toEqual([
      'calcified-rim',
      'fluid-calcium-level',
      'mass-extent',
      'normal-anatomy',
      'pubic-osteolysis',
    ]);
    // The brief's required series each carry findings; the optional US still and bone scan are taught in
    // the text only, because truth.json gives no geometry for them yet.
    const series = new Set(authored.annotations.map((a) => a.image.seriesKey));
    const required = manifest.series.filter((s) => ['CT', 'MR', 'DX', 'CR'].includes(s.Modality));
    expect(required.length).toBe(4);
    for (const s of required) expect(series, `no annotation on ${s.key}`).toContain(s.key);
  });
});

import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import annotationFileSchema from '../../annotations/annotationFile.schema.json';
import { migrateAnnotationFile } from './migrateAnnotationFile.ts';
import { validateAnnotationFile } from './validateAnnotationFile.ts';

const FILE = 'annotations/x.json';
const FOR = '1.2.826.0.1.3680043.8.498.1';

/** A small valid file with one annotation of every kind. */
function validFile(): Record<string, unknown> {
  const image = { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.4', FrameOfReferenceUID: FOR };
  const common = { category: 'rim', sections: ['findings-ct'], space: 'patient', image };
  return {
    schemaVersion: 1,
    caseId: 'demo-case',
    text: { markdownFile: 'demo-case.md' },
    categories: [
      { id: 'rim', label: 'Calcified rim', colour: '#ff8800', description: 'The shell of each loculus.' },
      { id: 'anatomy', label: 'Normal anatomy', colour: '#44aaff', description: 'For orientation.' },
    ],
    annotations: [
      { id: 'p', kind: 'point', label: 'P', points: [[1, 2, 3]], ...common },
      {
        id: 'a',
        kind: 'arrow',
        label: 'A',
        points: [
          [0, 0, 3],
          [5, 5, 3],
        ],
        ...common,
      },
      {
        id: 'l',
        kind: 'line',
        label: 'L',
        points: [
          [0, 0, 3],
          [5, 0, 3],
        ],
        ...common,
      },
      {
        id: 'rim-3',
        kind: 'polyline',
        closed: true,
        label: 'R',
        points: [
          [0, 0, 3],
          [5, 0, 3],
          [5, 5, 3],
        ],
        ...common,
      },
      {
        id: 'e',
        kind: 'ellipse',
        label: 'E',
        points: [
          [0, 0, 3],
          [10, 0, 3],
          [0, 4, 3],
        ],
        ...common,
      },
      { id: 't', kind: 'text', label: 'T', text: 'Bladder', points: [[0, 0, 3]], ...common },
      {
        id: 'xr',
        kind: 'ellipse',
        label: 'Cluster',
        category: 'anatomy',
        sections: ['findings-xr'],
        space: 'pixel',
        image: { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.5' },
        points: [
          [100, 120],
          [130, 120],
          [100, 140],
        ],
      },
    ],
  };
}

/** Sets a value deep inside a fresh valid file. */
function withChange(change: (file: Record<string, unknown>) => void): Record<string, unknown> {
  const file = validFile();
  change(file);
  return file;
}
const annotations = (f: Record<string, unknown>) => f.annotations as Record<string, unknown>[];

function messagesFor(raw: unknown): string[] {
  const result = validateAnnotationFile(raw, FILE);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

describe('the annotation file schema', () => {
  it('is a valid draft 2020-12 JSON Schema (the app compiles it without this check)', () => {
    const ajv = new Ajv2020({ strictTypes: false });
    expect(ajv.validateSchema(annotationFileSchema), ajv.errorsText(ajv.errors)).toBe(true);
    expect(ajv.validateSchema({ type: 'object', properties: 7 })).toBe(false);
  });
});

describe('validateAnnotationFile', () => {
  it('accepts a file with every kind, in patient and pixel space', () => {
    const result = validateAnnotationFile(validFile(), FILE, 'demo-case');
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([]);
    expect(result.ok && result.file.annotations.map((a) => a.kind)).toEqual([
      'point',
      'arrow',
      'line',
      'polyline',
      'ellipse',
      'text',
      'ellipse',
    ]);
  });

  it('names file, annotation id, index and the point that has the wrong number of coordinates', () => {
    const raw = withChange((f) => {
      const rim = annotations(f)[3] as { points: number[][] };
      rim.points[2] = [5, 5];
    });
    expect(messagesFor(raw)).toEqual([
      "annotations/x.json: annotation 'rim-3' (index 3): points[2] must have 3 numbers [x, y, z] in mm, has 2",
    ]);
  });

  it('asks for [column, row] on pixel-space annotations', () => {
    const raw = withChange((f) => {
      (annotations(f)[6] as { points: number[][] }).points[0] = [1, 2, 3];
    });
    expect(messagesFor(raw)).toEqual([
      "annotations/x.json: annotation 'xr' (index 6): points[0] must have 2 numbers [column, row], has 3",
    ]);
  });

  it('tells how many points a kind needs', () => {
    const raw = withChange((f) => {
      (annotations(f)[2] as { points: number[][] }).points.push([9, 9, 3]);
      (annotations(f)[0] as { points: number[][] }).points = [];
    });
    expect(messagesFor(raw)).toEqual([
      "annotations/x.json: annotation 'p' (index 0): a point needs exactly 1 point, has 0",
      "annotations/x.json: annotation 'l' (index 2): a line needs exactly 2 points, has 3",
    ]);
  });

  it('reports missing fields, unknown fields, bad enums and bad UIDs in one pass', () => {
    const raw = withChange((f) => {
      const a = annotations(f);
      delete (a[0] as Record<string, unknown>).label;
      (a[1] as Record<string, unknown>).colour = 'red';
      (a[2] as Record<string, unknown>).kind = 'squiggle';
      (a[3] as { image: Record<string, unknown> }).image = { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.x' };
    });
    expect(messagesFor(raw)).toEqual([
      "annotations/x.json: annotation 'p' (index 0): missing required field 'label'",
      "annotations/x.json: annotation 'a' (index 1): unknown field 'colour'",
      "annotations/x.json: annotation 'l' (index 2): kind must be one of 'point', 'arrow', 'line', 'polyline', 'ellipse', 'text' (got \"squiggle\")",
      "annotations/x.json: annotation 'rim-3' (index 3): image: missing required field 'FrameOfReferenceUID' (patient-space points must name their frame of reference)",
      "annotations/x.json: annotation 'rim-3' (index 3): image.SOPInstanceUID '1.2.x' is not a DICOM UID (digits separated by dots)",
    ]);
  });

  it('rejects fields that do not belong to a kind, and a frame of reference on a radiograph', () => {
    const raw = withChange((f) => {
      const a = annotations(f);
      (a[2] as Record<string, unknown>).closed = true;
      (a[6] as { image: Record<string, unknown> }).image.FrameOfReferenceUID = FOR;
    });
    expect(messagesFor(raw)).toEqual([
      "annotations/x.json: annotation 'l' (index 2): field 'closed' is not allowed on a line",
      "annotations/x.json: annotation 'xr' (index 6): image.FrameOfReferenceUID must not be given for a pixel-space annotation (projection images have no frame of reference)",
    ]);
  });

  it('checks categories: colour form, and that annotations use a known one', () => {
    const raw = withChange((f) => {
      (f.categories as Record<string, unknown>[])[0] = {
        id: 'rim',
        label: 'Rim',
        colour: 'orange',
        description: 'x',
      };
      (annotations(f)[4] as Record<string, unknown>).category = 'rims';
    });
    expect(messagesFor(raw)).toEqual([
      "annotations/x.json: category 'rim' (index 0): colour 'orange' is not a colour of the form #rrggbb",
    ]);
    const unknownCategory = withChange((f) => {
      (annotations(f)[4] as Record<string, unknown>).category = 'rims';
    });
    expect(messagesFor(unknownCategory)).toEqual([
      "annotations/x.json: annotation 'e' (index 4): category 'rims' is not one of the file's categories (rim, anatomy)",
    ]);
  });

  it('finds duplicate ids and degenerate shapes after the schema passes', () => {
    const raw = withChange((f) => {
      const a = annotations(f);
      (a[1] as Record<string, unknown>).id = 'p';
      (a[2] as { points: number[][] }).points = [
        [1, 1, 3],
        [1, 1, 3],
      ];
      (a[3] as { points: number[][] }).points = [
        [0, 0, 3],
        [5, 0, 3],
      ];
      (a[4] as { points: number[][] }).points = [
        [0, 0, 3],
        [10, 0, 3],
        [5, 5, 3],
      ];
    });
    expect(messagesFor(raw)).toEqual([
      "annotations/x.json: annotation 'p' (index 1): id 'p' is already used at index 0",
      "annotations/x.json: annotation 'l' (index 2): the line has no length",
      "annotations/x.json: annotation 'rim-3' (index 3): a closed polyline needs at least 3 points, has 2",
      "annotations/x.json: annotation 'e' (index 4): the semi-axes must be perpendicular (they meet at 45.0°)",
    ]);
  });

  it('names an annotation by index when its id is unusable', () => {
    const raw = withChange((f) => {
      (annotations(f)[5] as Record<string, unknown>).id = 42;
    });
    expect(messagesFor(raw)).toEqual(['annotations/x.json: annotation at index 5: id must be a string']);
  });

  it('rejects text given both ways, and a wrong case id', () => {
    const raw = withChange((f) => {
      f.text = {
        markdownFile: 'demo-case.md',
        title: 'Demo',
        sections: [{ id: 'a', title: 'A', level: 2, markdown: '' }],
      };
    });
    expect(messagesFor(raw)).toEqual([
      'annotations/x.json: text: give either markdownFile, or title and sections, not both',
    ]);
    const result = validateAnnotationFile(validFile(), FILE, 'other-case');
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      "annotations/x.json: caseId 'demo-case' does not match the case 'other-case'",
    ]);
  });

  it('refuses files that are not objects or come from a newer version', () => {
    expect(messagesFor([])).toEqual(['annotations/x.json: the file must hold a JSON object']);
    expect(messagesFor({ ...validFile(), schemaVersion: 7 })).toEqual([
      'annotations/x.json: schemaVersion 7 is newer than this viewer understands (2); update the viewer',
    ]);
    expect(messagesFor({ ...validFile(), schemaVersion: '1' })).toEqual([
      'annotations/x.json: schemaVersion must be a whole number (1 or more)',
    ]);
  });
});

describe('migrateAnnotationFile', () => {
  it('runs the chain of steps from an old version to the current one', () => {
    const steps = {
      1: (f: Readonly<Record<string, unknown>>) => ({ ...f, schemaVersion: 2, renamed: f.old }),
      2: (f: Readonly<Record<string, unknown>>) => ({ ...f, schemaVersion: 3 }),
    };
    const result = migrateAnnotationFile({ schemaVersion: 1, old: 'x' }, FILE, steps, 3);
    expect(result).toEqual({ ok: true, fromVersion: 1, value: { schemaVersion: 3, old: 'x', renamed: 'x' } });
  });

  it('reports a missing step', () => {
    const result = migrateAnnotationFile({ schemaVersion: 1 }, FILE, {}, 2);
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      'annotations/x.json: no migration from schemaVersion 1 to 2',
    );
  });
});

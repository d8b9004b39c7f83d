import { describe, expect, it } from 'vitest';
import { readKeyImage } from './TeachingAnnotation.ts';
import { validateAnnotationFile } from './validateAnnotationFile.ts';

const keyImage = {
  seriesKey: 'ct-axial',
  SOPInstanceUID: '1.2.3.1.6',
  InstanceNumber: 6,
  window: { WindowCenter: 400, WindowWidth: 1600, explanation: 'Calcification' },
  note: 'The level and the rim.',
};

const file = (extra: Record<string, unknown>) => ({
  schemaVersion: 2,
  caseId: 'demo',
  text: { markdownFile: 'demo.md' },
  categories: [{ id: 'level', label: 'Level', colour: '#ffd400', description: 'A level.' }],
  annotations: [],
  ...extra,
});

describe('readKeyImage', () => {
  it('reads series, SOP instance, instance number, window and note', () => {
    expect(readKeyImage(file({ keyImage }))).toEqual(keyImage);
    expect(readKeyImage(file({ keyImage: { seriesKey: 'mr', SOPInstanceUID: '1.2' } }))).toEqual({
      seriesKey: 'mr',
      SOPInstanceUID: '1.2',
    });
  });

  it('gives null for a file without one, or with one of the wrong shape', () => {
    expect(readKeyImage(file({}))).toBeNull();
    expect(readKeyImage(null)).toBeNull();
    expect(readKeyImage([keyImage])).toBeNull();
    expect(readKeyImage(file({ keyImage: 'ct-axial' }))).toBeNull();
    expect(readKeyImage(file({ keyImage: { ...keyImage, SOPInstanceUID: 12 } }))).toBeNull();
    expect(readKeyImage(file({ keyImage: { ...keyImage, InstanceNumber: 6.5 } }))).toBeNull();
    expect(readKeyImage(file({ keyImage: { ...keyImage, window: { WindowCenter: 40 } } }))).toBeNull();
    expect(
      readKeyImage(file({ keyImage: { ...keyImage, window: { WindowCenter: 40, WindowWidth: 0 } } })),
    ).toBeNull();
    expect(
      readKeyImage(file({ keyImage: { ...keyImage, window: { WindowCenter: '40', WindowWidth: 400 } } })),
    ).toBeNull();
  });
});

describe('the keyImage in the schema (version 2)', () => {
  it('validates a file with a key image, and a version 1 file (migrated, without one)', () => {
    const v2 = validateAnnotationFile(file({ keyImage }), 'x.json');
    expect(v2.ok && v2.file.keyImage).toEqual(keyImage);
    const v1 = validateAnnotationFile({ ...file({}), schemaVersion: 1 }, 'x.json');
    expect(v1.ok && v1.file.schemaVersion).toBe(2);
    expect(v1.ok && v1.file.keyImage).toBeUndefined();
  });

  it('names what is wrong with a key image', () => {
    const messages = (extra: Record<string, unknown>) => {
      const result = validateAnnotationFile(file(extra), 'x.json');
      return result.ok ? [] : result.problems.map((p) => p.message);
    };
    expect(messages({ keyImage: { ...keyImage, slice: 5 } })).toEqual([
      "x.json: keyImage: unknown field 'slice'",
    ]);
    expect(messages({ keyImage: { seriesKey: 'ct-axial' } })).toEqual([
      "x.json: keyImage: missing required field 'SOPInstanceUID'",
    ]);
    expect(
      messages({ keyImage: { ...keyImage, window: { WindowCenter: 40, WindowWidth: -5 } } }),
    ).toHaveLength(1);
  });
});

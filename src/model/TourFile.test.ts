import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import tourFileSchema from '../../annotations/tourFile.schema.json';
import sampleTour from '../../annotations/tumoral-calcinosis-pubis.tour.json';
import type { StepView, StepViewport } from './StepView.ts';
import { migrateTourFile, tourFileFields, tourStepFields, validateTourFile } from './TourFile.ts';

const FILE = 'annotations/x.tour.json';
const UID = '1.2.826.0.1.3680043.8.498.10';

type Raw = Record<string, unknown> & { steps: Record<string, unknown>[] };

/** A small valid tour: three steps, every optional field used somewhere. */
function validTour(): Raw {
  return {
    $schema: './tourFile.schema.json',
    schemaVersion: 1,
    caseId: 'demo-case',
    title: 'A tour of the demo case',
    description: 'Three steps.',
    steps: [
      {
        id: 'orientation',
        title: 'Orientation',
        caption: 'The patient lies **supine**.',
        view: { viewports: [{ image: { seriesKey: 'ct-axial', SOPInstanceUID: UID } }] },
      },
      {
        id: 'levels',
        title: 'Levels',
        section: 'findings-ct',
        reveal: 'findings',
        transition: 'scroll',
        view: {
          layout: '1x1',
          activeViewport: 0,
          viewports: [
            {
              image: { seriesKey: 'ct-axial', SOPInstanceUID: UID },
              voi: { windowCenter: 40, windowWidth: 400 },
              invert: false,
              camera: { zoom: 2, panMm: [10, -5] },
            },
          ],
          visibleCategories: ['fluid-calcium-level'],
          highlightedFinding: 'level-1',
        },
      },
      {
        id: 'side-by-side',
        title: 'CT and T2',
        caption: 'Side by side.',
        section: 'findings-mr',
        reveal: 'diagnosis',
        transition: 'jump',
        view: {
          layout: '1x2',
          activeViewport: 1,
          viewports: [
            { image: { seriesKey: 'ct-axial', SOPInstanceUID: UID } },
            { image: { seriesKey: 'mr-t2', SOPInstanceUID: '1.2.3' } },
          ],
          visibleCategories: [],
          highlightedFinding: null,
        },
      },
    ],
  };
}

/** The messages of validating `raw` (empty when it is valid). */
function messages(raw: unknown, expectedCaseId?: string): string[] {
  const result = validateTourFile(raw, FILE, expectedCaseId);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

/** `validTour()` changed by `edit`. */
function edited(edit: (tour: Raw, step: (i: number) => Record<string, unknown>) => void): Raw {
  const tour = validTour();
  edit(tour, (i) => tour.steps[i] as Record<string, unknown>);
  return tour;
}

const view = (step: Record<string, unknown>) => step.view as Record<string, unknown>;
const viewport = (step: Record<string, unknown>, i = 0) =>
  (view(step).viewports as Record<string, unknown>[])[i] as Record<string, unknown>;

describe('validateTourFile', () => {
  it('is a valid draft 2020-12 JSON Schema (the app compiles it without this check)', () => {
    const ajv = new Ajv2020({ strict: true, strictTypes: false });
    expect(ajv.validateSchema(tourFileSchema)).toBe(true);
  });

  it('lists in the schema exactly the fields the types declare (drift fails here or at compile time)', () => {
    expect(Object.keys(tourFileSchema.properties).sort()).toEqual(Object.keys(tourFileFields).sort());
    expect(Object.keys(tourFileSchema.$defs.step.properties).sort()).toEqual(
      Object.keys(tourStepFields).sort(),
    );
  });

  it("lists in the schema exactly the fields of a step's view and viewport (StepView.ts)", () => {
    const viewFields = {
      layout: true,
      activeViewport: true,
      viewports: true,
      visibleCategories: true,
      highlightedFinding: true,
    } satisfies Record<keyof StepView, true>;
    const viewportFields = { image: true, voi: true, invert: true, camera: true } satisfies Record<
      keyof StepViewport,
      true
    >;
    expect(Object.keys(tourFileSchema.$defs.stepView.properties).sort()).toEqual(
      Object.keys(viewFields).sort(),
    );
    expect(Object.keys(tourFileSchema.$defs.stepViewport.properties).sort()).toEqual(
      Object.keys(viewportFields).sort(),
    );
  });

  it("accepts the sample case's tour without warnings", () => {
    const result = validateTourFile(
      sampleTour,
      'annotations/tumoral-calcinosis-pubis.tour.json',
      'tumoral-calcinosis-pubis',
    );
    expect(result.ok ? result.warnings : result.problems.map((p) => p.message)).toEqual([]);
  });

  it('accepts a valid tour and returns it typed, without warnings', () => {
    const result = validateTourFile(validTour(), FILE, 'demo-case');
    expect(result.ok && result.file.steps.map((s) => s.id)).toEqual([
      'orientation',
      'levels',
      'side-by-side',
    ]);
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.file.steps[1]?.view.viewports[0]?.camera?.panMm).toEqual([10, -5]);
  });

  // One broken field each: the single message names file, step (id and index) and field.
  const single: [string, (tour: Raw, step: (i: number) => Record<string, unknown>) => void, string][] = [
    [
      'an image UID that is not a string',
      (_, s) => {
        viewport(s(2)).image = { seriesKey: 'ct-axial', SOPInstanceUID: 12 };
      },
      `${FILE}: step 'side-by-side' (index 2): view.viewports[0].image.SOPInstanceUID must be a string`,
    ],
    [
      'an image UID that is not a UID',
      (_, s) => {
        viewport(s(0)).image = { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.x' };
      },
      `${FILE}: step 'orientation' (index 0): view.viewports[0].image.SOPInstanceUID '1.2.x' is not a DICOM UID (digits separated by dots)`,
    ],
    [
      'a missing title',
      (_, s) => {
        delete s(1).title;
      },
      `${FILE}: step 'levels' (index 1): missing required field 'title'`,
    ],
    [
      'an empty caption',
      (_, s) => {
        s(0).caption = '';
      },
      `${FILE}: step 'orientation' (index 0): caption must not be empty`,
    ],
    [
      'an unknown field on a step',
      (_, s) => {
        s(0).colour = 'red';
      },
      `${FILE}: step 'orientation' (index 0): unknown field 'colour'`,
    ],
    [
      'an unknown layout',
      (_, s) => {
        view(s(1)).layout = '3x3';
      },
      `${FILE}: step 'levels' (index 1): view.layout must be one of '1x1', '1x2', '2x2' (got "3x3")`,
    ],
    [
      'an unknown reveal stage',
      (_, s) => {
        s(1).reveal = 'everything';
      },
      `${FILE}: step 'levels' (index 1): reveal must be one of 'history', 'findings', 'diagnosis', 'all' (got "everything")`,
    ],
    [
      'an unknown transition',
      (_, s) => {
        s(1).transition = 'fade';
      },
      `${FILE}: step 'levels' (index 1): transition must be one of 'scroll', 'jump' (got "fade")`,
    ],
    [
      'a zero window width',
      (_, s) => {
        viewport(s(1)).voi = { windowCenter: 40, windowWidth: 0 };
      },
      `${FILE}: step 'levels' (index 1): view.viewports[0].voi.windowWidth must be more than 0 (got 0)`,
    ],
    [
      'a zoom out of range',
      (_, s) => {
        viewport(s(1)).camera = { zoom: 80, panMm: [0, 0] };
      },
      `${FILE}: step 'levels' (index 1): view.viewports[0].camera.zoom must be at most 50 (got 80)`,
    ],
    [
      'a pan with one number',
      (_, s) => {
        viewport(s(1)).camera = { zoom: 1, panMm: [3] };
      },
      `${FILE}: step 'levels' (index 1): view.viewports[0].camera.panMm must have at least 2 numbers, has 1`,
    ],
    [
      'a category listed twice',
      (_, s) => {
        view(s(1)).visibleCategories = ['rim', 'rim'];
      },
      `${FILE}: step 'levels' (index 1): view.visibleCategories lists the same value twice (items 0 and 1)`,
    ],
    [
      'a highlighted finding that is not an id',
      (_, s) => {
        view(s(1)).highlightedFinding = 'Level 1';
      },
      `${FILE}: step 'levels' (index 1): view.highlightedFinding 'Level 1' is not an id (lower-case letters, digits and hyphens)`,
    ],
    [
      'a view without viewports',
      (_, s) => {
        view(s(0)).viewports = [];
      },
      `${FILE}: step 'orientation' (index 0): view.viewports must have at least 1 item, has 0`,
    ],
    [
      'an invert that is not a boolean',
      (_, s) => {
        viewport(s(1)).invert = 'yes';
      },
      `${FILE}: step 'levels' (index 1): view.viewports[0].invert must be a boolean`,
    ],
    [
      'a caption longer than a slide can hold',
      (_, s) => {
        s(0).caption = 'x'.repeat(4001);
      },
      `${FILE}: step 'orientation' (index 0): caption must have at most 4000 characters (has 4001)`,
    ],
    [
      'a highlighted finding that is a number',
      (_, s) => {
        view(s(1)).highlightedFinding = 3;
      },
      `${FILE}: step 'levels' (index 1): view.highlightedFinding must be a string or null`,
    ],
    [
      'a tour without steps',
      (tour) => {
        tour.steps = [];
      },
      `${FILE}: steps must have at least 1 item, has 0`,
    ],
    [
      'a missing tour title',
      (tour) => {
        delete tour.title;
      },
      `${FILE}: missing required field 'title'`,
    ],
    [
      'an unknown top-level field',
      (tour) => {
        tour.author = 'me';
      },
      `${FILE}: unknown field 'author'`,
    ],
    [
      'a step with neither caption nor section',
      (_, s) => {
        delete s(0).caption;
      },
      `${FILE}: step 'orientation' (index 0): a step needs a caption, a section, or both`,
    ],
    [
      'two steps with one id',
      (_, s) => {
        s(2).id = 'orientation';
      },
      `${FILE}: step 'orientation' (index 2): id 'orientation' is already used by the step at index 0`,
    ],
    [
      'a 1x2 layout with one viewport',
      (_, s) => {
        view(s(1)).layout = '1x2';
      },
      `${FILE}: step 'levels' (index 1): layout '1x2' shows 2 viewports, but view.viewports lists 1`,
    ],
    [
      'a 2x2 layout with two viewports',
      (_, s) => {
        view(s(2)).layout = '2x2';
      },
      `${FILE}: step 'side-by-side' (index 2): layout '2x2' shows 4 viewports, but view.viewports lists 2`,
    ],
    [
      'three viewports and no layout',
      (_, s) => {
        delete view(s(2)).layout;
        view(s(2)).activeViewport = 0;
        (view(s(2)).viewports as unknown[]).push(viewport(s(2), 0));
      },
      `${FILE}: step 'side-by-side' (index 2): 3 viewports fit no layout (1x1 shows 1, 1x2 shows 2, 2x2 shows 4)`,
    ],
    [
      'an active viewport that is not there',
      (_, s) => {
        view(s(1)).activeViewport = 1;
      },
      `${FILE}: step 'levels' (index 1): there is no viewport 1 (view.viewports: 0 to 0)`,
    ],
  ];
  it.each(single)('names %s precisely', (_, edit, expected) => {
    expect(messages(edited(edit))).toEqual([expected]);
  });

  it('names a step by index when its id is unusable', () => {
    const tour = edited((_, s) => {
      s(1).id = 42;
    });
    expect(messages(tour)).toEqual([`${FILE}: step at index 1: id must be a string`]);
  });

  it('reports every problem of a file in one pass', () => {
    const tour = edited((tour, s) => {
      tour.caseId = 'Demo Case';
      s(0).title = '';
      viewport(s(2), 1).image = { seriesKey: 'mr-t2' };
    });
    expect(messages(tour)).toEqual([
      `${FILE}: caseId 'Demo Case' is not an id (lower-case letters, digits and hyphens)`,
      `${FILE}: step 'orientation' (index 0): title must not be empty`,
      `${FILE}: step 'side-by-side' (index 2): view.viewports[1].image: missing required field 'SOPInstanceUID'`,
    ]);
  });

  it('rejects a tour of another case', () => {
    expect(messages(validTour(), 'other-case')).toEqual([
      `${FILE}: caseId 'demo-case' does not match the case 'other-case'`,
    ]);
  });

  it('warns (does not fail) when a reveal would go back', () => {
    const tour = edited((_, s) => {
      s(2).reveal = 'history';
    });
    const result = validateTourFile(tour, FILE);
    expect(result.ok && result.warnings.map((w) => w.message)).toEqual([
      `${FILE}: step 'side-by-side' (index 2): reveal 'history' comes after 'findings' (step at index 1) and does nothing: a reveal never goes back`,
    ]);
  });

  it('keeps HTML in captions as plain data (the viewer sanitises it when it renders)', () => {
    const attack = '<script>alert(1)</script><img src=x onerror="alert(2)"> **bold**';
    const tour = edited((_, s) => {
      s(0).caption = attack;
      s(0).title = '<b onmouseover="x()">Title</b>';
    });
    const result = validateTourFile(tour, FILE);
    expect(result.ok && result.file.steps[0]?.caption).toBe(attack);
    expect(result.ok && result.file.steps[0]?.title).toBe('<b onmouseover="x()">Title</b>');
  });

  it('refuses what is not a JSON object', () => {
    for (const raw of [null, [], 'tour', 3]) {
      expect(messages(raw)).toEqual([`${FILE}: the tour file must hold a JSON object`]);
    }
  });
});

describe('migrateTourFile', () => {
  it('refuses a file without a version, saying which version it reads', () => {
    const tour = edited((tour) => {
      delete tour.schemaVersion;
    });
    expect(messages(tour)).toEqual([
      `${FILE}: missing required field 'schemaVersion' (the version of the tour file format; this viewer reads 1)`,
    ]);
  });

  it('refuses a version that is not a whole number', () => {
    expect(messages({ ...validTour(), schemaVersion: '1' })).toEqual([
      `${FILE}: schemaVersion must be a whole number (1 or more), got "1"`,
    ]);
  });

  it('refuses a file from a newer version and asks for a reload', () => {
    expect(messages({ ...validTour(), schemaVersion: 2 })).toEqual([
      `${FILE}: this tour file was made by a newer version of DICOM Casebook (tour file version 2; this one reads up to 1): reload the page to update it`,
    ]);
  });

  it('runs the chain of steps from an old version to the current one (as version 2 will)', () => {
    const chain = {
      1: (file: Readonly<Record<string, unknown>>) => ({ ...file, schemaVersion: 2, renamed: file.old }),
      2: (file: Readonly<Record<string, unknown>>) => ({ ...file, schemaVersion: 3 }),
    };
    const result = migrateTourFile({ schemaVersion: 1, old: 'x' }, FILE, chain, 3);
    expect(result).toEqual({ ok: true, value: { schemaVersion: 3, old: 'x', renamed: 'x' }, fromVersion: 1 });
  });

  it('reports a missing step and a step that forgets to bump the version', () => {
    const missing = migrateTourFile({ schemaVersion: 1 }, FILE, {}, 2);
    expect(missing.ok ? [] : missing.problems.map((p) => p.message)).toEqual([
      `${FILE}: no migration from schemaVersion 1 to 2`,
    ]);
    const stuck = migrateTourFile({ schemaVersion: 1 }, FILE, { 1: (file) => file }, 2);
    expect(stuck.ok ? [] : stuck.problems.map((p) => p.message)).toEqual([
      `${FILE}: the migration from 1 did not produce version 2`,
    ]);
  });

  it('leaves a current file as it is', () => {
    const tour = validTour();
    expect(migrateTourFile(tour, FILE)).toEqual({ ok: true, value: tour, fromVersion: 1 });
  });
});

// Runs `npm run validate`'s checks of the tour and quiz files on the committed sample case and on deliberately
// broken copies, against the generated images (scripts/test.mjs generates them before the unit tests).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_ID } from '../generator/caseGeometry.ts';
import { orphanTeachingFiles, validateTeachingFilesBeside } from './validateAnnotations.ts';

const root = resolve(import.meta.dirname, '..');
const sampleDir = join(root, 'sample-dicom');
const annotationsDir = join(root, 'annotations');

if (!existsSync(join(sampleDir, CASE_ID, 'manifest.json'))) {
  throw new Error(
    'The sample case is missing: run `npm run generate` (scripts/test.mjs does) before these tests.',
  );
}

type Raw = Record<string, unknown>;
type Edit = (file: Raw & { steps?: Raw[]; questions?: Raw[] }) => void;

/**
 * A copy of the case's annotations, text, tour and quiz in a temporary folder, the tour and quiz changed by
 * `edit`; returns the copied annotations file and the folder (the root messages are relative to).
 */
function brokenCopy(editTour: Edit, editQuiz: Edit): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'teaching-'));
  const folder = join(dir, 'annotations');
  mkdirSync(folder);
  for (const suffix of ['.json', '.md']) {
    const target = join(folder, `${CASE_ID}${suffix}`);
    copyFileSync(join(annotationsDir, `${CASE_ID}${suffix}`), target);
  }
  for (const [suffix, edit] of [
    ['.tour.json', editTour],
    ['.quiz.json', editQuiz],
  ] as const) {
    const raw = JSON.parse(readFileSync(join(annotationsDir, `${CASE_ID}${suffix}`), 'utf8')) as Raw;
    edit(raw);
    writeFileSync(join(folder, `${CASE_ID}${suffix}`), JSON.stringify(raw));
  }
  return { path: join(folder, `${CASE_ID}.json`), dir };
}

const stepById = (file: { steps?: Raw[] }, id: string) => {
  const step = file.steps?.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step as Raw & { view: Raw & { viewports: (Raw & { image: Raw })[] } };
};
const questionById = (file: { questions?: Raw[] }, id: string) => {
  const question = file.questions?.find((q) => q.id === id);
  if (!question) throw new Error(`no question ${id}`);
  return question;
};

describe('validateTeachingFilesBeside on the sample case', () => {
  it('accepts the committed tour and quiz against the images, and measures the answer ROIs', () => {
    const reports = validateTeachingFilesBeside(join(annotationsDir, `${CASE_ID}.json`), { root, sampleDir });
    expect(
      reports.map((r) => [r.file, r.problems.map((p) => p.message), r.warnings.map((w) => w.message)]),
    ).toEqual([
      [`annotations/${CASE_ID}.tour.json`, [], []],
      [`annotations/${CASE_ID}.quiz.json`, [], []],
    ]);
    const [tour, quiz] = reports;
    expect(tour?.count).toBeGreaterThanOrEqual(9);
    expect(tour?.count).toBeLessThanOrEqual(12);
    expect(quiz?.count).toBeGreaterThanOrEqual(8);
    // The supernatant is water-dense, the dependent layer calcium, as the generator wrote them.
    const means = Object.fromEntries(quiz?.measured.map((m) => [m.questionId, m.answer.mean]) ?? []);
    expect(means['measure-supernatant']).toBeGreaterThan(0);
    expect(means['measure-supernatant']).toBeLessThan(25);
    expect(means['measure-calcium']).toBeGreaterThan(450);
    expect(means['measure-calcium']).toBeLessThan(900);
  });

  it('uses each question kind and a multiple-answer choice; the tour reveals in order and varies its views', () => {
    const quiz = JSON.parse(readFileSync(join(annotationsDir, `${CASE_ID}.quiz.json`), 'utf8')) as {
      questions: {
        kind: string;
        multiple?: boolean;
        explanation: string;
        findings?: string[];
        sections?: string[];
      }[];
    };
    expect(new Set(quiz.questions.map((q) => q.kind))).toEqual(new Set(['locate', 'choose', 'measure']));
    expect(quiz.questions.some((q) => q.kind === 'choose' && q.multiple)).toBe(true);
    for (const q of quiz.questions) {
      expect(q.findings?.length ?? 0).toBeGreaterThan(0);
      expect(q.sections?.length ?? 0).toBeGreaterThan(0);
    }
    const tour = JSON.parse(readFileSync(join(annotationsDir, `${CASE_ID}.tour.json`), 'utf8')) as {
      steps: {
        reveal?: string;
        caption?: string;
        view: { layout?: string; viewports: { image: { SOPInstanceUID: string } }[] };
      }[];
    };
    expect(tour.steps.map((s) => s.reveal).filter(Boolean)).toEqual(['findings', 'diagnosis', 'all']);
    // Captions a projector can carry: two to four sentences, at most 220 characters (three lines at lecture size).
    for (const step of tour.steps) {
      const sentences = (step.caption ?? '').split(/(?<=[.!?])\s+/).filter(Boolean);
      expect(sentences.length, step.caption).toBeGreaterThanOrEqual(2);
      expect(sentences.length, step.caption).toBeLessThanOrEqual(4);
      expect(step.caption?.length ?? 0).toBeLessThanOrEqual(220);
    }
    expect(tour.steps.some((s) => s.view.layout === '1x2')).toBe(true);
    // Consecutive single-viewport steps never sit on the same image (the scroll between them shows).
    tour.steps.forEach((step, i) => {
      const before = tour.steps[i - 1];
      if (!before || step.view.viewports.length > 1 || before.view.viewports.length > 1) return;
      expect(step.view.viewports[0]?.image.SOPInstanceUID).not.toBe(
        before.view.viewports[0]?.image.SOPInstanceUID,
      );
    });
  });

  it('names each broken step and question against the case', () => {
    const { path, dir } = brokenCopy(
      (tour) => {
        // An image the CT does not have, a category the annotations file does not have, a section the text
        // lacks, and a highlighted finding two steps off its slice.
        stepById(tour, 'mass').view.viewports[0] = {
          image: { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.4' },
        };
        stepById(tour, 'rims').view.visibleCategories = ['calcified-rim', 'vessels'];
        stepById(tour, 'osteolysis').section = 'findings-bone';
        const levels = stepById(tour, 'levels-soft-tissue');
        const other = stepById(tour, 'levels-bone').view.viewports[0];
        if (other) levels.view.viewports[0] = { ...other };
      },
      (quiz) => {
        // A locate target that does not exist, a view that shows the answer, and a range the pixels miss.
        const locate = questionById(quiz, 'locate-level');
        locate.targets = ['level-1', 'level-8'];
        questionById(quiz, 'locate-osteolysis').view = {
          ...(questionById(quiz, 'locate-osteolysis').view as Raw),
          visibleCategories: ['pubic-osteolysis'],
        };
        questionById(quiz, 'measure-supernatant').range = { min: 100, max: 200 };
      },
    );
    const reports = validateTeachingFilesBeside(path, { root: dir, sampleDir });
    const tourName = `annotations/${CASE_ID}.tour.json`;
    const quizName = `annotations/${CASE_ID}.quiz.json`;
    expect(reports[0]?.problems.map((p) => p.message)).toEqual([
      `${tourName}: step 'mass' (index 2): view.viewports[0].image.SOPInstanceUID: series 'ct-axial' has no image 1.2.3.4 (regenerated images? npm run validate names the images the manifest has)`,
      `${tourName}: step 'levels-soft-tissue' (index 3): view.highlightedFinding: 'level-1' is drawn on image 155 of 'ct-axial', which no viewport of this view shows`,
      `${tourName}: step 'rims' (index 5): view.visibleCategories[1]: 'vessels' is not a category of annotations/${CASE_ID}.json (its categories: 'fluid-calcium-level', 'calcified-rim', 'pubic-osteolysis', 'mass-extent', 'normal-anatomy')`,
      expect.stringMatching(
        new RegExp(
          `^${tourName}: step 'osteolysis' \\(index 6\\): section: 'findings-bone' is not a section of annotations/${CASE_ID}\\.md \\(its sections: 'history', `,
        ),
      ),
    ]);
    expect(reports[1]?.problems.map((p) => p.message)).toEqual([
      `${quizName}: question 'locate-level' (index 0): targets[1]: 'level-8' is not an annotation of annotations/${CASE_ID}.json`,
      expect.stringMatching(
        new RegExp(
          `^${quizName}: question 'measure-supernatant' \\(index 2\\): range: the answer ROI measures a mean of \\d+, outside the range 100 to 200$`,
        ),
      ),
      `${quizName}: question 'locate-osteolysis' (index 4): view.visibleCategories: the view shows category 'pubic-osteolysis', which draws the answer 'pubic-osteolysis': hide it`,
    ]);
  });

  it('reports a schema problem without checking the case, and a tour file with no annotations file', () => {
    const { path, dir } = brokenCopy(
      (tour) => {
        stepById(tour, 'mass').title = '';
      },
      () => {},
    );
    const [tour, quiz] = validateTeachingFilesBeside(path, { root: dir, sampleDir });
    expect(tour?.problems.map((p) => p.message)).toEqual([
      `annotations/${CASE_ID}.tour.json: step 'mass' (index 2): title must not be empty`,
    ]);
    expect(quiz?.problems).toEqual([]);
    writeFileSync(join(dir, 'annotations', 'other-case.quiz.json'), '{}');
    expect(orphanTeachingFiles(join(dir, 'annotations')).map((f) => f.slice(dir.length + 1))).toEqual([
      'annotations/other-case.quiz.json',
    ]);
  });

  it('reports malformed JSON and finds no tour or quiz where there is none', () => {
    const { path, dir } = brokenCopy(
      () => {},
      () => {},
    );
    writeFileSync(join(dir, 'annotations', `${CASE_ID}.quiz.json`), '{"schemaVersion": 1,');
    const reports = validateTeachingFilesBeside(path, { root: dir, sampleDir });
    expect(reports[1]?.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`^annotations/${CASE_ID}\\.quiz\\.json: cannot be read as JSON: `)),
    ]);
    const lonely = mkdtempSync(join(tmpdir(), 'teaching-'));
    copyFileSync(join(annotationsDir, `${CASE_ID}.json`), join(lonely, `${CASE_ID}.json`));
    expect(validateTeachingFilesBeside(join(lonely, `${CASE_ID}.json`), { root: lonely, sampleDir })).toEqual(
      [],
    );
  });
});

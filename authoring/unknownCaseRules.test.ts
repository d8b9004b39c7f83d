import { describe, expect, it } from 'vitest';
import type { CaseTextSection } from '../src/model/CaseText.ts';
import { diagnosisWordsOf, namedDiagnosisWord, sectionRevealStage } from './unknownCaseRules.ts';

const section = (id: string, title: string, level: 2 | 3 = 2): CaseTextSection => ({
  id,
  title,
  level,
  markdown: '',
});
/** The sample text's outline. */
const sections = [
  section('history', 'History'),
  section('orientation', 'Orientation on the images'),
  section('findings', 'Imaging findings'),
  section('findings-ct', 'CT', 3),
  section('findings-mr', 'MRI', 3),
  section('diagnosis', 'Diagnosis: uremic tumoral calcinosis'),
  section('pathophysiology', 'Pathophysiology'),
  section('differential', 'Differential diagnosis'),
  section('differential-chondrosarcoma', 'Chondrosarcoma', 3),
];

describe('sectionRevealStage', () => {
  it('stages the sections as the viewer shows them on an unknown case', () => {
    expect(sections.map((s) => [s.id, sectionRevealStage(s.id, sections)])).toEqual([
      ['history', 'history'],
      ['orientation', 'findings'],
      ['findings', 'findings'],
      ['findings-ct', 'findings'],
      ['findings-mr', 'findings'],
      ['diagnosis', 'diagnosis'],
      ['pathophysiology', 'all'],
      ['differential', 'all'],
      ['differential-chondrosarcoma', 'all'],
    ]);
  });

  it('shows what comes before the history with it, and an unknown id only with everything', () => {
    const withLead = [section('presentation', 'Presentation'), ...sections];
    expect(sectionRevealStage('presentation', withLead)).toBe('history');
    expect(sectionRevealStage('nowhere', sections)).toBe('all');
  });
});

describe('diagnosisWordsOf and namedDiagnosisWord', () => {
  it('takes the words after "Diagnosis:" in the diagnosis heading', () => {
    expect(diagnosisWordsOf(sections)).toEqual(['uremic', 'tumoral', 'calcinosis']);
    expect(diagnosisWordsOf([section('diagnosis', 'Chondrosarcoma of the pubis')])).toEqual([
      'chondrosarcoma',
      'pubis',
    ]);
    expect(diagnosisWordsOf([section('history', 'History')])).toEqual([]);
  });

  it('finds whole words in any case, not parts of words', () => {
    const words = ['uremic', 'tumoral', 'calcinosis'];
    expect(namedDiagnosisWord('Think of **Tumoral** calcinosis early', words)).toBe('tumoral');
    expect(namedDiagnosisWord('CALCINOSIS', words)).toBe('calcinosis');
    expect(namedDiagnosisWord('Peritumoral oedema and a tumour', words)).toBeUndefined();
    expect(namedDiagnosisWord('A mass in a dialysis patient', words)).toBeUndefined();
  });
});

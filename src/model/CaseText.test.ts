import { describe, expect, it } from 'vitest';
import markdown from '../../annotations/tumoral-calcinosis-pubis.md?raw';
import {
  type CaseText,
  findingLinksInText,
  missingStagedSections,
  parseCaseText,
  textAtStage,
} from './CaseText.ts';

const MD = 'annotations/demo.md';

describe('parseCaseText', () => {
  it('splits title, lead and sections with their ids and levels', () => {
    const result = parseCaseText(
      [
        '# Title',
        'Lead text.',
        '## History {#history}',
        'Body **one**.',
        '### CT {#findings-ct}',
        'See [the level](#finding:level-1).',
        '#### A small heading stays in the body',
        '```',
        '## not a heading {#nope}',
        '```',
      ].join('\n'),
      MD,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text.title).toBe('Title');
    expect(result.text.lead).toBe('Lead text.');
    expect(result.text.sections.map((s) => [s.id, s.title, s.level])).toEqual([
      ['history', 'History', 2],
      ['findings-ct', 'CT', 3],
    ]);
    expect(result.text.sections[1]?.markdown).toContain('## not a heading {#nope}');
    expect(findingLinksInText(result.text)).toEqual([
      { sectionId: 'findings-ct', findingId: 'level-1', words: 'the level' },
    ]);
  });

  it('asks for a stable id on every section heading, and unique ids', () => {
    const result = parseCaseText('# T\n## History\nx\n## A {#a}\n### B {#a}\n', MD);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      "annotations/demo.md: line 2: heading 'History' needs a stable id, written 'History {#some-id}'",
      "annotations/demo.md: section 'a': line 5: section id 'a' is already used on line 4",
    ]);
  });

  it('needs a title and at least one section', () => {
    const result = parseCaseText('just text', MD);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      "annotations/demo.md: the text needs a title line ('# ...')",
      'annotations/demo.md: the text has no sections',
    ]);
  });

  it('reads the case text of the sample case with every section the course needs', () => {
    const result = parseCaseText(markdown, 'annotations/tumoral-calcinosis-pubis.md');
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([]);
    if (!result.ok) return;
    const ids = result.text.sections.map((s) => s.id);
    for (const id of [
      'history',
      'findings-ct',
      'findings-mr',
      'findings-xr',
      'findings-us-nm',
      'pathophysiology',
      'differential-primary',
      'differential-chondrosarcoma',
      'management',
      'learning-points',
    ]) {
      expect(ids).toContain(id);
    }
    expect(findingLinksInText(result.text).length).toBeGreaterThan(10);
  });
});

describe('textAtStage (unknown-case mode)', () => {
  const parsed = parseCaseText(markdown, MD);
  if (!parsed.ok) throw new Error('the sample text does not parse');
  const text = parsed.text;
  const ids = (stage: Parameters<typeof textAtStage>[1]) =>
    textAtStage(text, stage, 'Case 1').sections.map((s) => s.id);

  it('shows only the history first, under the display name, without the lead', () => {
    const shown = textAtStage(text, 'history', 'Case 1');
    expect(shown.sections.map((s) => s.id)).toEqual(['history']);
    expect(shown.title).toBe('Case 1');
    expect(shown.lead).toBe('');
  });

  it('adds orientation and the imaging findings with their subsections, then the diagnosis, then all', () => {
    expect(ids('findings')).toEqual([
      'history',
      'orientation',
      'findings',
      'findings-ct',
      'findings-mr',
      'findings-xr',
      'findings-us-nm',
    ]);
    expect(textAtStage(text, 'findings', 'Case 1').title).toBe('Case 1');
    expect(textAtStage(text, 'findings', 'Case 1').lead).toBe(text.lead);
    expect(ids('diagnosis')).toEqual([...ids('findings'), 'diagnosis']);
    expect(textAtStage(text, 'diagnosis', 'Case 1').title).toBe(text.title);
    expect(textAtStage(text, 'all', 'Case 1')).toBe(text);
  });

  it('never names the diagnosis before it is revealed (the history stage of the sample text)', () => {
    const shown = textAtStage(text, 'history', 'Case 1');
    const words = [shown.title, shown.lead, ...shown.sections.flatMap((s) => [s.title, s.markdown])].join(
      ' ',
    );
    expect(words).not.toMatch(/calcinosis|\buremic\b|\buraemic\b|\btumoral\b/i);
  });

  it('shows nothing after the history of a text without the staged ids, and lists what is missing', () => {
    const bare: CaseText = {
      title: 'T',
      lead: '',
      sections: [
        { id: 'intro', title: 'Intro', level: 2, markdown: '' },
        { id: 'history', title: 'History', level: 2, markdown: '' },
        { id: 'history-labs', title: 'Labs', level: 3, markdown: '' },
        { id: 'imaging', title: 'Imaging', level: 2, markdown: '' },
        { id: 'imaging-ct', title: 'CT', level: 3, markdown: '' },
      ],
    };
    expect(textAtStage(bare, 'diagnosis', 'X').sections.map((s) => s.id)).toEqual([
      'intro',
      'history',
      'history-labs',
    ]);
    expect(missingStagedSections(bare)).toEqual(['orientation', 'findings', 'diagnosis']);
    expect(missingStagedSections(text)).toEqual([]);
    const noHistory: CaseText = { ...bare, sections: bare.sections.slice(3) };
    expect(textAtStage(noHistory, 'findings', 'X').sections).toEqual([]);
  });
});

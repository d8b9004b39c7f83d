import { describe, expect, it } from 'vitest';
import markdown from '../../annotations/tumoral-calcinosis-pubis.md?raw';
import { findingLinksInText, parseCaseText } from './CaseText.ts';

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

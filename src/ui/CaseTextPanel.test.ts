// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { createStore } from '../lib/Store.ts';
import type { CaseText } from '../model/CaseText.ts';
import { initialViewState, type ViewState } from '../model/ViewState.ts';
import { ctAnnotation, fileWith } from '../teaching/syntheticCase.testutil.ts';
import { CaseTextPanel } from './CaseTextPanel.ts';

const level = {
  ...ctAnnotation('level-1', 'level', 5, {
    kind: 'line',
    points: [
      [-5, 2, 10],
      [5, 2, 10],
    ],
  }),
  sections: ['findings-ct', 'pathophysiology'],
};
const file = fileWith([level]);
const text: CaseText = {
  title: 'Demo case',
  lead: '',
  sections: [
    { id: 'findings-ct', title: 'CT', level: 3, markdown: 'A [level](#finding:level-1) in each loculus.' },
    {
      id: 'pathophysiology',
      title: 'Pathophysiology',
      level: 2,
      markdown: 'Calcium settles: the [sedimentation sign](#finding:level-1). <img src=x onerror=alert(1)>',
    },
  ],
};

/** `null`: the text could not be loaded. */
function setUp(caseText: CaseText | null = text) {
  const store = createStore(initialViewState('demo-case', 'ct-axial'));
  const goToFinding = vi.fn((id: string) =>
    store.update((s) => ({ ...s, highlightedFinding: id }), 'learner'),
  );
  const container = document.createElement('div');
  document.body.replaceChildren(container);
  new CaseTextPanel(container, store, caseText ?? undefined, file, { goToFinding });
  const body = container.querySelector<HTMLElement>('[data-testid="case-text"]');
  if (!body) throw new Error('no text body');
  const scrollTo = vi.fn();
  body.scrollTo = scrollTo as unknown as HTMLElement['scrollTo'];
  const highlightedSections = () =>
    [...body.querySelectorAll<HTMLElement>('.section-highlighted')].map((s) => s.dataset.sectionId);
  const activeLinks = () =>
    [...body.querySelectorAll<HTMLElement>('a.finding-link.active')].map(
      (a) => a.closest<HTMLElement>('[data-section-id]')?.dataset.sectionId,
    );
  return { store, goToFinding, body, scrollTo, highlightedSections, activeLinks };
}

describe('CaseTextPanel', () => {
  it('renders the text sanitised, with live finding links', () => {
    const { body } = setUp();
    expect(body.querySelector('h1')?.textContent).toBe('Demo case');
    expect(body.querySelectorAll('a[data-finding-id="level-1"]')).toHaveLength(2);
    expect(body.querySelector('img')).toBeNull();
    expect(body.innerHTML).not.toContain('onerror');
  });

  it('a finding highlighted elsewhere highlights its first section and scrolls the text to it', () => {
    const { store, scrollTo, highlightedSections, activeLinks } = setUp();
    store.update((s) => ({ ...s, highlightedFinding: 'level-1' }), 'app');
    expect(highlightedSections()).toEqual(['findings-ct']);
    expect(activeLinks()).toEqual(['findings-ct', 'pathophysiology']);
    expect(scrollTo).toHaveBeenCalledTimes(1);
    store.update((s) => ({ ...s, highlightedFinding: null }), 'learner');
    expect(highlightedSections()).toEqual([]);
    expect(activeLinks()).toEqual([]);
  });

  it('a clicked link goes to the finding and highlights the section it was clicked in, without scrolling', () => {
    const { goToFinding, body, scrollTo, highlightedSections } = setUp();
    const link = body.querySelector<HTMLElement>('[data-section-id="pathophysiology"] a[data-finding-id]');
    link?.click();
    expect(goToFinding).toHaveBeenCalledWith('level-1');
    expect(highlightedSections()).toEqual(['pathophysiology']);
    expect(scrollTo).not.toHaveBeenCalled();
    // Clicking the same finding again in another section moves the highlight there.
    body.querySelector<HTMLElement>('[data-section-id="findings-ct"] a[data-finding-id]')?.click();
    expect(highlightedSections()).toEqual(['findings-ct']);
  });

  it('says so when the text could not be loaded', () => {
    const { body } = setUp(null);
    expect(body.textContent).toContain('could not be loaded');
  });
});

describe('CaseTextPanel in an unknown case', () => {
  const staged: CaseText = {
    title: 'The diagnosis itself',
    lead: 'A lead that describes the findings.',
    sections: [
      { id: 'history', title: 'History', level: 2, markdown: 'On dialysis for years.' },
      { id: 'findings', title: 'Imaging findings', level: 2, markdown: '' },
      { id: 'findings-ct', title: 'CT', level: 3, markdown: 'A [level](#finding:level-1).' },
      { id: 'diagnosis', title: 'Diagnosis', level: 2, markdown: 'It is the diagnosis.' },
      { id: 'pathophysiology', title: 'Pathophysiology', level: 2, markdown: 'Why.' },
    ],
  };

  it('renders only the sections of the stage, and the title once the diagnosis is revealed', () => {
    const store = createStore<ViewState>({ ...initialViewState('demo-case', 'ct-axial'), reveal: 'history' });
    const container = document.createElement('div');
    new CaseTextPanel(container, store, staged, file, { goToFinding: vi.fn(), unknownTitle: 'Case 7' });
    const body = container.querySelector<HTMLElement>('[data-testid="case-text"]');
    const ids = () =>
      [...(body?.querySelectorAll<HTMLElement>('[data-section-id]') ?? [])].map((s) => s.dataset.sectionId);
    expect(ids()).toEqual(['history']);
    expect(body?.querySelector('h1')?.textContent).toBe('Case 7');
    expect(body?.textContent).not.toContain('diagnosis');
    expect(body?.textContent).not.toContain('A lead');
    store.update((s) => ({ ...s, reveal: 'findings' }), 'learner');
    expect(ids()).toEqual(['history', 'findings', 'findings-ct']);
    expect(body?.querySelector('h1')?.textContent).toBe('Case 7');
    store.update((s) => ({ ...s, reveal: 'diagnosis' }), 'learner');
    expect(ids()).toEqual(['history', 'findings', 'findings-ct', 'diagnosis']);
    expect(body?.querySelector('h1')?.textContent).toBe('The diagnosis itself');
    store.update((s) => ({ ...s, reveal: 'all' }), 'learner');
    expect(ids()).toEqual(['history', 'findings', 'findings-ct', 'diagnosis', 'pathophysiology']);
  });
});

// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { createStore } from '../lib/Store.ts';
import { initialViewState } from '../model/ViewState.ts';
import { buildAnnotationIndex } from '../teaching/AnnotationIndex.ts';
import {
  dxAnnotation,
  fileWith,
  levelOnSlice5,
  rimOnSlice5,
  syntheticManifest,
} from '../teaching/syntheticCase.testutil.ts';
import { FindingsPanel } from './FindingsPanel.ts';

const level = levelOnSlice5;
const rim = rimOnSlice5;
const xr = dxAnnotation('cluster', 'level', {
  kind: 'point',
  note: 'Ring-like opacities.',
  points: [[50, 40]],
});
const file = {
  ...fileWith([rim, level, xr]),
  categories: [
    { id: 'level', label: 'Fluid–calcium level', colour: '#ffd400', description: 'The layering.' },
    { id: 'rim', label: 'Calcified rim', colour: '#ff7f0e', description: 'The wall.' },
  ],
};
const index = buildAnnotationIndex(file, syntheticManifest);

function setUp(visibleCategories: string[] = ['level', 'rim']) {
  const store = createStore({ ...initialViewState('demo-case', 'ct-axial'), visibleCategories });
  const goToFinding = vi.fn();
  const container = document.createElement('div');
  const panel = new FindingsPanel(container, store, index, syntheticManifest, { goToFinding });
  const toggle = (id: string) =>
    container.querySelector<HTMLInputElement>(`[data-testid="category-toggle-${id}"]`);
  const allButton = container.querySelector<HTMLButtonElement>('[data-testid="findings-toggle-all"]');
  return { store, goToFinding, container, panel, toggle, allButton };
}

describe('FindingsPanel', () => {
  it('lists each category with its swatch, count and description, checked as the view says', () => {
    const { container, toggle } = setUp(['rim']);
    const rows = [...container.querySelectorAll<HTMLElement>('.category')];
    expect(rows.map((r) => r.dataset.category)).toEqual(['level', 'rim']);
    expect(rows.map((r) => r.title)).toEqual(['The layering.', 'The wall.']);
    expect(rows.map((r) => r.querySelector('.category-count')?.textContent)).toEqual(['2', '1']);
    expect(rows[0]?.querySelector<HTMLElement>('.swatch')?.style.backgroundColor).toBe('rgb(255, 212, 0)');
    expect(toggle('level')?.checked).toBe(false);
    expect(toggle('rim')?.checked).toBe(true);
    expect(rows[0]?.classList.contains('off')).toBe(true);
  });

  it('lists findings by category, each with where it is', () => {
    const { container } = setUp();
    const findings = [...container.querySelectorAll<HTMLElement>('.finding')];
    expect(findings.map((f) => f.dataset.findingId)).toEqual(['level-1', 'cluster', 'rim-1']);
    expect(findings.map((f) => f.querySelector('.finding-where')?.textContent)).toEqual([
      'CT · Im 6',
      'DX · Im 1',
      'CT · Im 6',
    ]);
    expect(findings[1]?.title).toBe('Ring-like opacities.');
  });

  it('switches a category in the store, keeping the file order', () => {
    const { store, toggle } = setUp();
    const level = toggle('level');
    if (!level) throw new Error('no toggle');
    level.checked = false;
    level.dispatchEvent(new Event('change'));
    expect(store.get().visibleCategories).toEqual(['rim']);
    level.checked = true;
    level.dispatchEvent(new Event('change'));
    expect(store.get().visibleCategories).toEqual(['level', 'rim']);
  });

  it('shows or hides everything at once, and says which it will do', () => {
    const { store, panel, allButton, toggle } = setUp(['rim']);
    expect(allButton?.textContent).toBe('All on');
    panel.toggleAll();
    expect(store.get().visibleCategories).toEqual(['level', 'rim']);
    expect(allButton?.textContent).toBe('All off');
    allButton?.click();
    expect(store.get().visibleCategories).toEqual([]);
    expect(toggle('rim')?.checked).toBe(false);
  });

  it('goes to a clicked finding and marks the highlighted one', () => {
    const { store, goToFinding, container } = setUp();
    container.querySelector<HTMLButtonElement>('.finding[data-finding-id="rim-1"]')?.click();
    expect(goToFinding).toHaveBeenCalledWith('rim-1');
    store.update((s) => ({ ...s, highlightedFinding: 'rim-1' }), 'learner');
    const highlighted = [...container.querySelectorAll<HTMLElement>('.finding.highlighted')];
    expect(highlighted.map((f) => f.dataset.findingId)).toEqual(['rim-1']);
    expect(highlighted[0]?.getAttribute('aria-current')).toBe('true');
  });

  it('says why there are no findings when the file could not be loaded', () => {
    const container = document.createElement('div');
    FindingsPanel.unavailable(container, 'The annotations file has errors.');
    expect(container.querySelector('[data-testid="findings-unavailable"]')?.textContent).toBe(
      'The annotations file has errors.',
    );
  });
});

describe('FindingsPanel in an unknown case', () => {
  it('keeps the list out of the page until the findings are revealed, with a button that reveals them', () => {
    const { store, container, panel } = setUp();
    store.update((s) => ({ ...s, reveal: 'history' }), 'app');
    expect(container.querySelectorAll('.finding')).toHaveLength(0);
    expect(container.querySelector('[data-testid="categories"]')).toBeNull();
    const notice = container.querySelector<HTMLElement>('[data-testid="findings-hidden"]');
    expect(notice?.textContent).toContain('hidden until they are revealed');
    // The all-on/off key does nothing while the findings are hidden.
    panel.toggleAll();
    expect(store.get().visibleCategories).toEqual(['level', 'rim']);
    notice?.querySelector('button')?.click();
    expect(store.get().reveal).toBe('findings');
    expect(container.querySelector('[data-testid="findings-hidden"]')).toBeNull();
    expect([...container.querySelectorAll<HTMLElement>('.finding')].map((f) => f.dataset.findingId)).toEqual([
      'level-1',
      'cluster',
      'rim-1',
    ]);
  });
});

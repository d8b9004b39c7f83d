// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createStore } from '../lib/Store.ts';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { initialViewState, type ViewState } from '../model/ViewState.ts';
import { syntheticManifest } from '../teaching/syntheticCase.testutil.ts';
import { caseNamesOnPage } from './caseNamesOnPage.ts';
import { RevealControl, revealButtonText } from './RevealControl.ts';
import { ShortcutRegistry } from './ShortcutRegistry.ts';

function setUp(reveal: ViewState['reveal'] = 'all', manifest: CaseManifest = { ...syntheticManifest }) {
  const store = createStore({ ...initialViewState('demo-case', 'ct-axial'), reveal });
  const container = document.createElement('div');
  const title = document.createElement('h1');
  const shortcuts = new ShortcutRegistry();
  const doc = { title: 'DICOM Casebook', documentElement: document.createElement('html') };
  const target = new EventTarget() as EventTarget & { location: { hash: string } };
  target.location = { hash: '' };
  const control = new RevealControl({
    container,
    store,
    manifest,
    title,
    shortcuts,
    document: doc,
    target: target as unknown as Window,
  });
  const press = (key: string) => shortcuts.handle(new KeyboardEvent('keydown', { key, cancelable: true }));
  return { store, container, title, doc, control, press, manifest, target };
}

describe('RevealControl', () => {
  it('names the next stage', () => {
    expect(revealButtonText('history')).toBe('Reveal findings');
    expect(revealButtonText('findings')).toBe('Reveal diagnosis');
    expect(revealButtonText('diagnosis')).toBe('Reveal discussion');
    expect(revealButtonText('all')).toBeNull();
  });

  it('reveals one stage per press of the button or U, as the learner, then hides the button', () => {
    const { store, control, press } = setUp('history');
    const sources: string[] = [];
    store.subscribe((_next, _previous, source) => sources.push(source));
    expect(control.revealButton.textContent).toBe('Reveal findings');
    control.revealButton.click();
    expect(store.get().reveal).toBe('findings');
    expect(press('u')).toBe(true);
    expect(store.get().reveal).toBe('diagnosis');
    expect(control.revealButton.textContent).toBe('Reveal discussion');
    press('U');
    expect(store.get().reveal).toBe('all');
    expect(control.revealButton.hidden).toBe(true);
    press('u');
    expect(store.get().reveal).toBe('all');
    expect(sources).toEqual(['learner', 'learner', 'learner']);
    expect(control.status.textContent).toContain('Everything revealed');
    expect(control.status.getAttribute('role')).toBe('status');
  });

  it('shows the display name in the title bar, the tab and the image corners while unknown', () => {
    const { control, title, doc, manifest } = setUp('all', {
      ...syntheticManifest,
      title: 'The diagnosis',
      displayName: 'Case 3',
    });
    expect(title.textContent).toBe('The diagnosis');
    expect(doc.title).toBe('DICOM Casebook');
    expect(control.toggle.getAttribute('aria-pressed')).toBe('false');
    control.toggle.click();
    expect(control.toggle.getAttribute('aria-pressed')).toBe('true');
    expect(title.textContent).toBe('Case 3');
    expect(doc.title).toBe('Case 3 · DICOM Casebook');
    expect(caseNamesOnPage(manifest).patientLine).toBe('Case 3');
    expect(doc.documentElement.dataset.reveal).toBe('history');
    control.toggle.click();
    expect(title.textContent).toBe('The diagnosis');
    expect(caseNamesOnPage(manifest).patientLine).toBe('Demo Patient (DEMO)');
  });

  it('takes the stage of the short link pasted into the open case', () => {
    const { store, target } = setUp('all');
    target.location.hash = '#view=2&reveal=findings';
    target.dispatchEvent(new Event('hashchange'));
    expect(store.get().reveal).toBe('findings');
    target.location.hash = '#view=2&reveal=diagnosis&layout=9x9';
    target.dispatchEvent(new Event('hashchange'));
    expect(store.get().reveal).toBe('diagnosis');
  });
});

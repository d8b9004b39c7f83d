/**
 * The page frame: top bar with the toolbar, series list on the left, viewport grid in the middle, side
 * panels on the right (measurements here; findings and case text are added by their own panels), status
 * bar at the bottom. Plain DOM.
 */
import { h } from './h.ts';

/** The regions other panels mount into. */
export interface AppRegions {
  readonly root: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly seriesList: HTMLElement;
  readonly viewer: HTMLElement;
  /** Right column: panels stack here in order (measurements, findings, case text...). */
  readonly sidePanels: HTMLElement;
  readonly statusBar: HTMLElement;
  /** Messages the learner must see (load errors), above the viewer. */
  readonly problems: HTMLElement;
  /** The case's name in the top bar (an unknown case shows its teaching-safe name here). */
  readonly title: HTMLElement;
  /** Beside the title: the teaching controls (unknown case, lecture, tour, quiz), also shown in lecture mode. */
  readonly caseActions: HTMLElement;
}

/**
 * Builds the frame inside `root` (emptying it first).
 * @param title - case title shown in the top bar
 */
export function createAppShell(root: HTMLElement, title: string): AppRegions {
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Viewer tools' });
  // A mouse click on a toolbar button does not take keyboard focus (as in Safari and native toolbars): the
  // keys keep acting where the learner was, so Space after clicking Invert plays cine rather than pressing
  // Invert again. Tab still reaches every button, and a focused one keeps Space and Enter (focusRules).
  const caseActions = h('div', { class: 'case-actions', role: 'toolbar', 'aria-label': 'Teaching' });
  for (const bar of [toolbar, caseActions]) {
    bar.addEventListener('mousedown', (event) => {
      if (event.target instanceof Element && event.target.closest('button')) event.preventDefault();
    });
  }
  const seriesList = h('nav', { class: 'series-list', 'aria-label': 'Series' });
  const problems = h('div', { class: 'problems', role: 'alert', 'aria-live': 'polite', hidden: true });
  const viewer = h('main', { class: 'viewer-area', 'aria-label': 'Images' });
  // Focusable from code only: lecture mode moves focus into the panels when it calls them up.
  const sidePanels = h('aside', { class: 'side-panels', 'aria-label': 'Panels', tabindex: '-1' });
  // No live region: its loading counts change many times a second while a case loads.
  const statusBar = h('footer', { class: 'status-bar' });
  const titleElement = h('h1', { class: 'case-title', text: title });
  root.replaceChildren(
    h(
      'div',
      { class: 'app' },
      h('header', { class: 'top-bar' }, titleElement, caseActions, toolbar),
      seriesList,
      h('div', { class: 'center-column' }, problems, viewer),
      sidePanels,
      statusBar,
    ),
  );
  return {
    root,
    toolbar,
    seriesList,
    viewer,
    sidePanels,
    statusBar,
    problems,
    title: titleElement,
    caseActions,
  };
}

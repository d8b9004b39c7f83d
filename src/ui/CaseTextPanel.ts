/**
 * The case text panel: the case's Markdown rendered and sanitised (renderCaseText), with finding links that
 * go to the finding, and the section that explains the highlighted finding highlighted and scrolled into
 * view. Reads highlightedFinding and the reveal stage from the ViewState store; never talks to Cornerstone.
 * Plain DOM. In an unknown case only the sections revealed so far are in the page (textAtStage), and the
 * title, which names the diagnosis, waits for it.
 */
import type { Store } from '../lib/Store.ts';
import { type CaseText, historySectionId, textAtStage } from '../model/CaseText.ts';
import { unknownCaseName } from '../model/overlayText.ts';
import { knownCase, type RevealStage } from '../model/RevealStage.ts';
import type { AnnotationFile } from '../model/TeachingAnnotation.ts';
import type { ViewState } from '../model/ViewState.ts';
import { markKeyRegion } from './focusRules.ts';
import { h } from './h.ts';
import { renderCaseText } from './renderCaseText.ts';

/** What the panel asks of its owner. */
export interface CaseTextPanelHandlers {
  /** Shows a finding: its series and image, centred, highlighted (see focusFinding). */
  goToFinding(findingId: string): void;
  /** The title shown before the diagnosis is revealed (the case's display name); `Unknown case` if absent. */
  readonly unknownTitle?: string;
}

const reducedMotion = (): boolean => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/** The case text panel. */
export class CaseTextPanel {
  private readonly body: HTMLElement;
  private readonly sectionsOf: ReadonlyMap<string, readonly string[]>;
  /** Section of the link the learner just clicked: highlight that one, and do not scroll the text away. */
  private clickedSection: { findingId: string; sectionId: string } | null = null;
  private readonly knownFindings: ReadonlySet<string>;

  constructor(
    container: HTMLElement,
    store: Store<ViewState>,
    text: CaseText | undefined,
    file: AnnotationFile,
    private readonly handlers: CaseTextPanelHandlers,
  ) {
    this.sectionsOf = new Map(file.annotations.map((a) => [a.id, a.sections]));
    this.knownFindings = new Set(this.sectionsOf.keys());
    this.body = h('div', { class: 'case-text', dataset: { testid: 'case-text' }, tabindex: '0' });
    // The text keeps its scrolling keys while it or one of its links has focus (see focusRules).
    markKeyRegion(this.body, 'document');
    if (!text) {
      this.body.append(
        h('p', { class: 'panel-hint', text: 'The case text could not be loaded (see the message above).' }),
      );
    }
    this.body.addEventListener('click', (event) => this.onClick(event));
    container.replaceChildren(
      h(
        'section',
        { class: 'panel case-text-panel', 'aria-label': 'Case text' },
        h('div', { class: 'panel-header' }, h('h2', { class: 'panel-title', text: 'Case' })),
        this.body,
      ),
    );
    store.subscribe((next, previous) => {
      if (text && next.reveal !== previous.reveal) {
        this.show(text, next.reveal);
        this.highlight(next.highlightedFinding);
      } else if (next.highlightedFinding !== previous.highlightedFinding) {
        this.highlight(next.highlightedFinding);
      }
    });
    if (text) this.show(text, store.get().reveal);
    this.highlight(store.get().highlightedFinding);
  }

  /** Renders the part of the text revealed at `stage` (the rest is not in the page at all). */
  private show(text: CaseText, stage: RevealStage): void {
    const shown = textAtStage(text, stage, this.handlers.unknownTitle ?? unknownCaseName);
    // renderCaseText sanitises with DOMPurify: no script, handler, frame, form or style survives.
    this.body.innerHTML = renderCaseText(shown, { knownFindings: this.knownFindings });
    this.body.dataset.reveal = stage;
    if (stage !== knownCase && !text.sections.some((s) => s.id === historySectionId)) {
      this.body.prepend(
        h('p', {
          class: 'panel-hint',
          text: `This case's text has no History section (id '${historySectionId}'): it is shown once everything is revealed.`,
        }),
      );
    }
  }

  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    const findingLink = target?.closest<HTMLElement>('a[data-finding-id]');
    if (findingLink) {
      event.preventDefault();
      const findingId = findingLink.dataset.findingId ?? '';
      const sectionId = findingLink.closest<HTMLElement>('[data-section-id]')?.dataset.sectionId;
      this.clickedSection = sectionId ? { findingId, sectionId } : null;
      this.handlers.goToFinding(findingId);
      // Still pending: the finding was already highlighted, so the store did not notify; highlight here.
      if (this.clickedSection) this.highlight(findingId);
      return;
    }
    const sectionLink = target?.closest<HTMLElement>('a[data-section-link]');
    if (sectionLink) {
      event.preventDefault();
      const section = this.section(sectionLink.dataset.sectionLink ?? '');
      if (section) this.scrollTo(section);
    }
  }

  private section(id: string): HTMLElement | null {
    const sections = this.body.querySelectorAll<HTMLElement>('[data-section-id]');
    return [...sections].find((section) => section.dataset.sectionId === id) ?? null;
  }

  /** Highlights the section that explains `findingId` and its links; scrolls to it unless it was clicked. */
  private highlight(findingId: string | null): void {
    for (const old of this.body.querySelectorAll('.section-highlighted'))
      old.classList.remove('section-highlighted');
    for (const old of this.body.querySelectorAll('.finding-link.active')) old.classList.remove('active');
    if (!findingId) return;
    for (const link of this.body.querySelectorAll<HTMLElement>('a[data-finding-id]')) {
      if (link.dataset.findingId === findingId) link.classList.add('active');
    }
    const clicked = this.clickedSection?.findingId === findingId ? this.clickedSection.sectionId : null;
    this.clickedSection = null;
    const sectionId =
      clicked ?? (this.sectionsOf.get(findingId) ?? []).find((id) => this.section(id) !== null) ?? null;
    const section = sectionId ? this.section(sectionId) : null;
    if (!section) return;
    section.classList.add('section-highlighted');
    if (!clicked) this.scrollTo(section);
  }

  /** Scrolls the text (only the text) so the section's heading is at the top. */
  private scrollTo(section: HTMLElement): void {
    const top =
      this.body.scrollTop + section.getBoundingClientRect().top - this.body.getBoundingClientRect().top - 4;
    this.body.scrollTo?.({ top, behavior: reducedMotion() ? 'auto' : 'smooth' });
  }
}

/**
 * Shows what could not be loaded (a missing or broken file, an unsupported transfer syntax) above the
 * images, naming the file and the problem, while everything else keeps working. Plain DOM.
 */
import type { CaseManifest } from '../model/CaseManifest.ts';
import type { LoadProblem, ViewerController } from '../model/ViewerController.ts';
import { h } from './h.ts';

const shownAtMost = 8;

/** The list of load problems. */
export class ProblemList {
  private readonly problems: string[] = [];
  private readonly list: HTMLUListElement;
  private readonly more: HTMLElement;
  private readonly labelOf: ReadonlyMap<string, string>;
  private readonly heading: HTMLElement;
  private imageProblems = 0;
  /** Heading for problems that are not about images (e.g. the teaching annotations). */
  private otherHeading: string | null = null;

  constructor(
    private readonly container: HTMLElement,
    manifest: CaseManifest,
    viewer: ViewerController | null,
  ) {
    this.labelOf = new Map(manifest.series.map((s) => [s.key, s.SeriesDescription]));
    this.list = h('ul', { class: 'problem-list', dataset: { testid: 'problems' } });
    this.more = h('p', { class: 'problem-more' });
    this.heading = h('strong', { text: 'Some images could not be loaded' });
    container.replaceChildren(
      h(
        'div',
        { class: 'problem-header' },
        this.heading,
        h('button', {
          type: 'button',
          class: 'tool-button small',
          text: 'Dismiss',
          onclick: () => {
            container.hidden = true;
          },
        }),
      ),
      this.list,
      this.more,
    );
    viewer?.events.on('loadProblem', (problem) => this.add(problem));
  }

  /** Adds one problem. */
  add(problem: LoadProblem): void {
    const series = this.labelOf.get(problem.seriesKey) ?? problem.seriesKey;
    this.problems.push(`${problem.file} (${series}, image ${problem.imageIndex + 1}): ${problem.message}`);
    this.imageProblems++;
    this.render();
  }

  /**
   * Shows a message that is not about one image (e.g. the case could not be opened).
   * @param heading - what the list is headed while no image problem is listed (default: about images)
   */
  addMessage(message: string, heading?: string): void {
    this.problems.push(message);
    if (heading) this.otherHeading = heading;
    this.render();
  }

  private render(): void {
    this.container.hidden = false;
    const others = this.problems.length - this.imageProblems;
    this.heading.textContent =
      others === 0 || !this.otherHeading
        ? 'Some images could not be loaded'
        : this.imageProblems === 0
          ? this.otherHeading
          : 'Some files could not be loaded';
    this.list.replaceChildren(...this.problems.slice(0, shownAtMost).map((text) => h('li', { text })));
    const hidden = this.problems.length - shownAtMost;
    this.more.textContent = hidden > 0 ? `…and ${hidden} more.` : '';
  }
}

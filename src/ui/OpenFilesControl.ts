/**
 * Opening a teacher's own images: an Open button beside the case title (files or a folder, through the
 * browser's pickers), a drop anywhere on the page (files and folders), and a list of the cases opened
 * before from local files (kept in the browser) with the bundled sample. Reading happens here, in the
 * browser; nothing is uploaded. A drop that holds images is stored and opened (`?case=local:<id>`); one
 * that holds none says why, by file. Plain DOM; the pipeline in src/data/ingest.
 */
import './openFiles.css';
import type { CaseManifest } from '../model/CaseManifest.ts';
import { h } from './h.ts';

/** What the control is wired to. */
export interface OpenFilesOptions {
  /** Teaching controls beside the title: the Open button goes first. */
  readonly container: HTMLElement;
  /** The cases the app knows (their teaching files attach to the same studies when dropped). */
  readonly knownCases: () => Promise<readonly CaseManifest[]>;
  /** Where the bundled sample opens (the app's own URL without a case). */
  readonly sampleHref: string;
  /** Opens a stored case (navigates). */
  readonly open: (id: string) => void;
}

type Ingest = typeof import('../data/ingest/ingestFiles.ts');

const loadIngest = (): Promise<Ingest> => import('../data/ingest/ingestFiles.ts');

/** The Open button, its panel and the page's drop target. */
export class OpenFilesControl {
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly status = h('p', {
    class: 'open-status',
    role: 'status',
    dataset: { testid: 'open-status' },
  });
  private readonly list = h('ul', { dataset: { testid: 'open-library' } });
  private readonly overlay = h(
    'div',
    { class: 'drop-overlay', hidden: true, dataset: { testid: 'drop-overlay' } },
    h('p', { text: 'Drop DICOM files or folders to open them — they stay on this computer' }),
  );
  private busy = false;
  private dragDepth = 0;

  constructor(private readonly options: OpenFilesOptions) {
    this.button = h('button', {
      type: 'button',
      class: 'tool-button open-toggle',
      text: 'Open…',
      title: 'Open your own DICOM files or a folder (or drop them on the page)',
      'aria-expanded': 'false',
      dataset: { testid: 'open-toggle' },
      onclick: () => this.toggle(),
    });
    const filesInput = this.input('open-files-input', false);
    const folderInput = this.input('open-folder-input', true);
    this.panel = h(
      'section',
      {
        class: 'open-panel floating-panel',
        hidden: true,
        'aria-label': 'Open images',
        dataset: { testid: 'open-panel' },
      },
      h('h2', { text: 'Open your own images' }),
      h(
        'div',
        { class: 'open-pickers' },
        h('button', {
          type: 'button',
          class: 'tool-button',
          text: 'Files…',
          dataset: { testid: 'open-files' },
          onclick: () => filesInput.click(),
        }),
        h('button', {
          type: 'button',
          class: 'tool-button',
          text: 'Folder…',
          dataset: { testid: 'open-folder' },
          onclick: () => folderInput.click(),
        }),
        filesInput,
        folderInput,
      ),
      h('p', {
        class: 'open-hint',
        text: 'Or drop files or folders anywhere on the page. They are read in this browser and kept here; nothing is uploaded.',
      }),
      this.status,
      h('h2', { text: 'Cases' }),
      this.list,
    );
    options.container.prepend(this.button);
    document.body.append(this.panel, this.overlay);
    this.listenForDrops();
  }

  /** Opens or closes the panel (the list of cases is read each time it opens). */
  toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) void this.refreshList();
  }

  private input(testid: string, folder: boolean): HTMLInputElement {
    const input = h('input', {
      type: 'file',
      class: 'open-file-input',
      multiple: true,
      tabindex: '-1',
      'aria-hidden': 'true',
      dataset: { testid },
      ...(folder ? { webkitdirectory: true } : {}),
    });
    input.addEventListener('change', async () => {
      const files = input.files;
      if (!files || files.length === 0) return;
      const ingest = await loadIngest();
      await this.ingest(ingest.filesOfInput(files));
      input.value = '';
    });
    return input;
  }

  private listenForDrops(): void {
    const hasFiles = (event: DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    window.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      this.dragDepth += 1;
      this.overlay.hidden = false;
    });
    window.addEventListener('dragleave', (event) => {
      if (!hasFiles(event)) return;
      this.dragDepth = Math.max(0, this.dragDepth - 1);
      if (this.dragDepth === 0) this.overlay.hidden = true;
    });
    window.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    });
    window.addEventListener('drop', async (event) => {
      if (!hasFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      this.dragDepth = 0;
      this.overlay.hidden = true;
      const ingest = await loadIngest();
      // The entries must be taken before the event handler returns (the data transfer is then emptied).
      const collecting = ingest.filesOfDrop(event.dataTransfer);
      this.toggle(true);
      await this.ingest(await collecting);
    });
  }

  /** Reads, stores and opens the files; says what went wrong, as text. */
  private async ingest(files: readonly { name: string; file: Blob }[]): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.toggle(true);
    this.say(`Reading ${files.length} files…`, 'working');
    try {
      const ingest = await loadIngest();
      const known = await this.options.knownCases().catch(() => []);
      const result = await ingest.ingestFiles(files, known, (done, total) =>
        this.say(`Reading files… ${done} of ${total}`, 'working'),
      );
      const [first] = result.ids;
      if (!first) {
        const why = [...result.built.problems, ...result.built.others.map((o) => `${o.name}: ${o.kind}`)];
        this.say(
          `No images to show in ${files.length} files${why.length ? `: ${why.slice(0, 5).join('; ')}${why.length > 5 ? '; …' : ''}` : ''}`,
          'problem',
        );
        return;
      }
      this.say(`Opening ${result.built.cases[0]?.manifest.title ?? 'the study'}…`, 'working');
      this.options.open(first);
    } catch (error) {
      this.say(
        `The files could not be opened: ${error instanceof Error ? error.message : String(error)}`,
        'problem',
      );
    } finally {
      this.busy = false;
    }
  }

  private say(text: string, state: 'working' | 'problem'): void {
    this.status.textContent = text;
    this.status.dataset.state = state;
  }

  private async refreshList(): Promise<void> {
    const items: HTMLElement[] = [
      h(
        'li',
        {},
        h(
          'a',
          { href: this.options.sampleHref, dataset: { testid: 'open-sample' } },
          'Sample case',
          h('span', { class: 'open-meta', text: 'Bundled with the app: CT, MR, DX, US, NM' }),
        ),
      ),
    ];
    try {
      const { listLocalCases, localCasePrefix } = await import('../data/localCaseStore.ts');
      for (const summary of await listLocalCases()) {
        const href = `?case=${encodeURIComponent(`${localCasePrefix}${summary.id}`)}`;
        items.push(
          h(
            'li',
            {},
            h(
              'a',
              { href, dataset: { testid: 'open-local-case' } },
              summary.title,
              h('span', {
                class: 'open-meta',
                text: `${summary.modalities.join(', ')} · ${summary.images} images · opened ${summary.savedAt.slice(0, 10)}`,
              }),
            ),
          ),
        );
      }
    } catch {
      // No OPFS here: only the sample is listed.
    }
    this.list.replaceChildren(...items);
  }
}

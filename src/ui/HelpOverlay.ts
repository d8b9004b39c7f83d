/**
 * The help overlay (`?`): every registered keyboard shortcut and mouse gesture, grouped. Built from the
 * ShortcutRegistry each time it opens, so shortcuts added by other panels appear too. Plain DOM.
 */
import { h } from './h.ts';
import type { ShortcutRegistry } from './ShortcutRegistry.ts';

/** The help overlay. */
export class HelpOverlay {
  private readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private previousFocus: Element | null = null;

  constructor(
    parent: HTMLElement,
    private readonly registry: ShortcutRegistry,
  ) {
    this.body = h('div', { class: 'help-groups' });
    this.root = h(
      'div',
      {
        class: 'help-overlay',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': 'help-title',
        hidden: true,
        dataset: { testid: 'help-overlay' },
        onclick: (event: MouseEvent) => {
          if (event.target === this.root) this.close();
        },
      },
      h(
        'div',
        { class: 'help-dialog' },
        h(
          'div',
          { class: 'panel-header' },
          h('h2', { id: 'help-title', text: 'Keyboard and mouse' }),
          h('button', {
            type: 'button',
            class: 'tool-button small',
            text: 'Close (Esc)',
            onclick: () => this.close(),
          }),
        ),
        this.body,
      ),
    );
    parent.append(this.root);
    registry.onChange(() => {
      if (this.isOpen) this.build();
    });
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  open(): void {
    this.build();
    this.previousFocus = document.activeElement;
    this.root.hidden = false;
    this.root.querySelector<HTMLButtonElement>('button')?.focus();
  }

  close(): void {
    if (!this.isOpen) return;
    this.root.hidden = true;
    if (this.previousFocus instanceof HTMLElement) this.previousFocus.focus();
  }

  private build(): void {
    const groups = new Map<string, HTMLElement[]>();
    for (const shortcut of this.registry.list()) {
      const rows = groups.get(shortcut.group) ?? [];
      rows.push(
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            ...shortcut.keys.flatMap((key, i) => [i > 0 ? ' ' : null, h('kbd', { text: key })]),
          ),
          h('td', { text: shortcut.description }),
        ),
      );
      groups.set(shortcut.group, rows);
    }
    this.body.replaceChildren(
      ...[...groups].map(([group, rows]) =>
        h(
          'section',
          { class: 'help-group' },
          h('h3', { text: group }),
          h('table', {}, h('tbody', {}, ...rows)),
        ),
      ),
    );
  }
}

/**
 * The help overlay (`?`): every registered keyboard shortcut and mouse gesture, grouped, and which keys a
 * focused control keeps instead. Built from the ShortcutRegistry and the focusRules table each time it opens,
 * so shortcuts added by other panels appear too and the help says what the keys do wherever focus is. A
 * modal dialog: Tab stays inside it, Esc or ? closes it. Plain DOM.
 */
import { type FocusRegion, focusRules } from './focusRules.ts';
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
        onkeydown: (event: KeyboardEvent) => this.trapTab(event),
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

  /** Keeps Tab and Shift+Tab on the dialog's own controls (aria-modal: the page behind is inert). */
  private trapTab(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const controls = [...this.root.querySelectorAll<HTMLElement>('button, [href], [tabindex="0"]')];
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    const at = controls.indexOf(document.activeElement as HTMLElement);
    if (event.shiftKey && at <= 0) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (at < 0 || at === controls.length - 1)) {
      event.preventDefault();
      first.focus();
    }
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
    groups.set('Where focus is', this.focusRows());
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

  /** One row per focus rule other than the viewport's: where, which keys, what they do there. */
  private focusRows(): HTMLElement[] {
    const shown: readonly FocusRegion[] = [
      'slider',
      'list',
      'button',
      'link',
      'document',
      'textEntry',
      'dialog',
    ];
    return shown.map((region) => {
      const rule = focusRules[region];
      return h(
        'tr',
        { dataset: { focusRegion: region } },
        h(
          'th',
          { scope: 'row', class: 'focus-keys' },
          ...rule.keys.flatMap((key, i) => [i > 0 ? ' ' : null, h('kbd', { text: key })]),
        ),
        h('td', {}, h('strong', { text: `${rule.where}: ` }), rule.does),
      );
    });
  }
}

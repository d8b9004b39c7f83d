/**
 * Keyboard shortcuts as data: one registry that handles key presses and feeds the help overlay, so the
 * help can never disagree with what the keys do. Other panels (findings, tours) register their own keys.
 * Which keys a focused control keeps instead is decided by focusRules, nowhere else.
 */
import { focusedControlOwnsKey } from './focusRules.ts';

/** One keyboard shortcut, or a mouse gesture listed in the help only (empty `match`). */
export interface Shortcut {
  /** Keys as the help shows them, e.g. `['↑', '←']`. */
  readonly keys: readonly string[];
  readonly description: string;
  /** Help section, e.g. `Navigation`. */
  readonly group: string;
  /** `KeyboardEvent.key` values that trigger it. */
  readonly match: readonly string[];
  run?(event: KeyboardEvent): void;
}

/** Holds the shortcuts and dispatches key presses to them. */
export class ShortcutRegistry {
  private readonly shortcuts: Shortcut[] = [];
  private readonly listeners = new Set<() => void>();

  /** Adds a shortcut; returns the function that removes it. Later registrations win on the same key. */
  register(shortcut: Shortcut): () => void {
    this.shortcuts.push(shortcut);
    this.changed();
    return () => {
      const at = this.shortcuts.indexOf(shortcut);
      if (at >= 0) this.shortcuts.splice(at, 1);
      this.changed();
    };
  }

  /** Every shortcut in registration order (for the help overlay). */
  list(): readonly Shortcut[] {
    return this.shortcuts;
  }

  /** Called when shortcuts are added or removed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs the shortcut bound to the event's key; returns true (and prevents the browser default, e.g. a
   * native slider's own step) when one ran. Ignores presses with Ctrl/Meta/Alt, and keys the focused
   * control keeps (see focusRules: typing in a number box, Space on a button, arrows in a list...).
   */
  handle(event: KeyboardEvent): boolean {
    if (
      event.defaultPrevented ||
      event.ctrlKey ||
      event.metaKey ||
      event.altKey ||
      focusedControlOwnsKey(event.target, event.key)
    ) {
      return false;
    }
    for (let i = this.shortcuts.length - 1; i >= 0; i--) {
      const shortcut = this.shortcuts[i];
      if (shortcut?.run && shortcut.match.includes(event.key)) {
        event.preventDefault();
        shortcut.run(event);
        return true;
      }
    }
    return false;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

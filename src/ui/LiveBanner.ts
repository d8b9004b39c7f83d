/**
 * The student's banner in a live class (issue 14), above the images: "Following the teacher", or "You are
 * exploring on your own — Follow the teacher" with the button (key J), or why the session cannot be
 * followed. Everything shown is plain text (textContent): nothing from the server is parsed as markup. DOM.
 */
import type { LiveTourStep } from '../model/liveProtocol.ts';
import { h, setAttr, setText } from './h.ts';
import './live.css';
import './liveQuiz.css';

/** The key that follows the teacher again. */
export const followKey = 'J';

/** What the banner says. */
export type LiveBannerState = 'joining' | 'following' | 'detached' | 'problem';

/** The banner's actions. */
export interface LiveBannerActions {
  readonly follow: () => void;
  readonly leave: () => void;
}

/** The live-class banner of a student. */
export class LiveBanner {
  readonly element: HTMLElement;
  private readonly text = h('span', { class: 'live-banner-text', dataset: { testid: 'live-banner-text' } });
  private readonly followButton: HTMLButtonElement;
  private readonly leaveButton: HTMLButtonElement;
  private readonly detail = h('span', {
    class: 'live-banner-detail',
    dataset: { testid: 'live-banner-detail' },
  });
  private readonly caption = h('p', {
    class: 'live-banner-caption',
    dataset: { testid: 'live-banner-caption' },
  });

  /**
   * @param container - the column of the images: the banner goes at its top
   * @param actions - follow again, leave the session
   */
  constructor(container: HTMLElement, actions: LiveBannerActions) {
    this.followButton = h('button', {
      type: 'button',
      class: 'tool-button live-follow',
      text: 'Follow the teacher',
      title: `Jump to the teacher's view and follow it (${followKey})`,
      'aria-keyshortcuts': followKey,
      dataset: { testid: 'live-follow' },
      onclick: actions.follow,
    });
    this.leaveButton = h('button', {
      type: 'button',
      class: 'tool-button live-leave',
      text: 'Leave',
      title: 'Leave the live session (this tab stops following)',
      dataset: { testid: 'live-leave' },
      onclick: actions.leave,
    });
    this.element = h(
      'div',
      {
        class: 'live-banner',
        role: 'status',
        'aria-live': 'polite',
        dataset: { testid: 'live-banner', state: 'joining' },
      },
      h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
      this.text,
      this.followButton,
      this.detail,
      this.leaveButton,
      this.caption,
    );
    // A click on a banner button keeps the keyboard where the learner was (the images).
    this.element.addEventListener('mousedown', (event) => {
      if (event.target instanceof Element && event.target.closest('button')) event.preventDefault();
    });
    container.prepend(this.element);
    this.show('joining');
  }

  /** The banner's state now. */
  get state(): LiveBannerState {
    return (this.element.dataset.state as LiveBannerState | undefined) ?? 'joining';
  }

  /**
   * Shows a state.
   * @param state - what the student does now
   * @param message - for `problem`: why (plain text, e.g. the server's sentence)
   */
  show(state: LiveBannerState, message = ''): void {
    this.element.dataset.state = state;
    const texts: Record<LiveBannerState, string> = {
      joining: 'Joining the live session…',
      following: 'Following the teacher',
      detached: 'You are exploring on your own — ',
      problem: message,
    };
    setText(this.text, texts[state]);
    this.followButton.hidden = state !== 'detached';
    this.leaveButton.hidden = state === 'problem';
    setAttr(this.element, 'role', state === 'problem' ? 'alert' : 'status');
  }

  /**
   * A line after the state, e.g. the tour step the teacher shows (plain text; empty hides it).
   * @param text - the line
   */
  setDetail(text: string): void {
    setText(this.detail, text);
  }

  /**
   * The tour step the teacher shows: "Tour: <title> — step i of n" and its caption, as plain text (the
   * caption's Markdown marks dropped; nothing parsed as markup). A step without its text (an older teacher
   * page) shows "Tour step i"; none clears both.
   * @param tourStep - the step index, or null
   * @param tour - the step's text, or null
   */
  setTour(tourStep: number | null, tour: LiveTourStep | null): void {
    if (tour) {
      const title = tour.title.trim();
      setText(this.detail, `Tour: ${title || 'guided tour'} — step ${tour.index + 1} of ${tour.count}`);
      setText(this.caption, captionText(tour.caption));
    } else {
      setText(this.detail, tourStep === null ? '' : `Tour step ${tourStep + 1}`);
      setText(this.caption, '');
    }
  }

  /** Takes the banner away (the student left). */
  remove(): void {
    this.element.remove();
  }
}

/**
 * A tour caption (Markdown source from the teacher's tour) as plain text to show with textContent: links
 * keep their text, emphasis, code and heading marks go, blank lines stay as line breaks. Never markup.
 * @param markdown - the caption's source
 */
export function captionText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|~~|`)/g, '')
    .replace(/(^|\W)__(\S(?:.*?\S)?)__(?=\W|$)/g, '$1$2')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

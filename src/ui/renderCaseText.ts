/**
 * Renders the case text (Markdown, from a file, so untrusted) to a sanitised HTML fragment: marked for
 * Markdown, DOMPurify for sanitising; `#finding:` and `#section:` links become in-app link elements.
 * Needs a DOM window (the browser's, or jsdom in tests); never touches Cornerstone.
 */
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';
import { Marked } from 'marked';
import type { CaseText } from '../model/CaseText.ts';

/** Options for {@link renderCaseText}. */
export interface RenderCaseTextOptions {
  /** The window whose DOM parses and sanitises; defaults to the global `window`. */
  readonly window?: WindowLike;
  /** Annotation ids that exist; links to any other finding are rendered as plain, marked-broken text. */
  readonly knownFindings?: ReadonlySet<string>;
}

/** Tags Markdown produces that the text may use (no images, forms, frames, scripts or styles). */
const ALLOWED_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h4',
  'h5',
  'h6',
  'hr',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];

const PURIFY_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'colspan', 'rowspan', 'align'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // Web links, mail and in-page fragments only; anything else (javascript:, data:, relative paths) is dropped.
  ALLOWED_URI_REGEXP: /^(?:https?:\/\/|mailto:|#)/i,
};

const ID = /^[a-z0-9][a-z0-9-]*$/;

const markdown = new Marked({ gfm: true, breaks: false, async: false });

const purifiers = new WeakMap<object, DOMPurify>();

/** Finding ids known during the current (synchronous) render; read by the link hook. */
let knownDuringRender: ReadonlySet<string> | undefined;

/** One DOMPurify per window, with the hook that turns our link forms into in-app links. */
function purifierFor(win: WindowLike): DOMPurify {
  const existing = purifiers.get(win);
  if (existing) return existing;
  const purify = createDOMPurify(win);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const link = node as Element;
    const href = link.getAttribute('href') ?? '';
    const known = knownDuringRender;
    if (href.startsWith('#finding:')) {
      const id = href.slice('#finding:'.length);
      if (ID.test(id) && (!known || known.has(id))) {
        link.setAttribute('data-finding-id', id);
        link.setAttribute('class', 'finding-link');
        return;
      }
      link.removeAttribute('href');
      link.setAttribute('class', 'finding-link finding-link-broken');
      link.setAttribute('title', `No finding '${id}' in this case`);
      return;
    }
    if (href.startsWith('#section:')) {
      const id = href.slice('#section:'.length);
      if (ID.test(id)) {
        link.setAttribute('data-section-link', id);
        link.setAttribute('class', 'section-link');
        return;
      }
      link.removeAttribute('href');
      return;
    }
    if (/^https?:\/\//i.test(href)) {
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
      return;
    }
    if (!href.startsWith('mailto:')) link.removeAttribute('href');
  });
  purifiers.set(win, purify);
  return purify;
}

const escapeHtml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * Renders the case text as an HTML fragment safe to assign to `innerHTML`:
 * `<h1 class="case-title">`, an optional `<div class="case-lead">`, then one
 * `<section class="case-section" data-section-id="…">` per section (subsections carry `case-subsection`),
 * each opening with its `<h2>`/`<h3>`. Finding links come out as
 * `<a href="#finding:id" data-finding-id="id" class="finding-link">`, section links with `data-section-link`.
 * No raw HTML from the file survives unless it is harmless formatting; no script can run.
 * Without a DOM window, returns the text escaped and unformatted rather than risk unsanitised output.
 * @param text - the parsed case text
 * @param options - window and known finding ids
 */
export function renderCaseText(text: CaseText, options: RenderCaseTextOptions = {}): string {
  const win = options.window ?? (globalThis as { window?: WindowLike }).window;
  const purify = win ? purifierFor(win) : undefined;
  if (!purify?.isSupported) return plainFallback(text);
  knownDuringRender = options.knownFindings;
  try {
    const block = (md: string) => purify.sanitize(markdown.parse(md, { async: false }), PURIFY_CONFIG);
    const inline = (md: string) => purify.sanitize(markdown.parseInline(md, { async: false }), PURIFY_CONFIG);
    const parts = [`<h1 class="case-title">${inline(text.title)}</h1>`];
    if (text.lead) parts.push(`<div class="case-lead">${block(text.lead)}</div>`);
    for (const section of text.sections) {
      // Ids were checked against ID when the text was parsed or validated; escape anyway.
      const id = escapeHtml(section.id);
      const tag = section.level === 2 ? 'h2' : 'h3';
      const cls = section.level === 2 ? 'case-section' : 'case-section case-subsection';
      parts.push(
        `<section class="${cls}" data-section-id="${id}" id="section-${id}">` +
          `<${tag}>${inline(section.title)}</${tag}>${block(section.markdown)}</section>`,
      );
    }
    return parts.join('\n');
  } finally {
    knownDuringRender = undefined;
  }
}

/**
 * Renders one Markdown snippet from a file (a tour caption, a quiz prompt or feedback) to sanitised HTML
 * safe for `innerHTML`, with the case text's rules: the same allowed tags and links, `#finding:` and
 * `#section:` links as in-app link elements. Without a DOM window, the text escaped in one paragraph.
 * @param md - untrusted Markdown
 * @param options - window and known finding ids
 */
export function renderMarkdown(md: string, options: RenderCaseTextOptions = {}): string {
  const win = options.window ?? (globalThis as { window?: WindowLike }).window;
  const purify = win ? purifierFor(win) : undefined;
  if (!purify?.isSupported) return `<p>${escapeHtml(md)}</p>`;
  knownDuringRender = options.knownFindings;
  try {
    return purify.sanitize(markdown.parse(md, { async: false }), PURIFY_CONFIG);
  } finally {
    knownDuringRender = undefined;
  }
}

/** Everything escaped, no markup but paragraphs: what is shown when no DOM is there to sanitise with. */
function plainFallback(text: CaseText): string {
  const sections = text.sections.map(
    (s) =>
      `<section class="case-section" data-section-id="${escapeHtml(s.id)}"><p>${escapeHtml(s.title)}</p><p>${escapeHtml(s.markdown)}</p></section>`,
  );
  return [`<p class="case-title">${escapeHtml(text.title)}</p>`, ...sections].join('\n');
}

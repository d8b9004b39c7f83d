// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import annotationsJson from '../../annotations/tumoral-calcinosis-pubis.json';
import caseMarkdown from '../../annotations/tumoral-calcinosis-pubis.md?raw';
import { type CaseText, findingLinksInText, parseCaseText } from '../model/CaseText.ts';
import { renderCaseText, renderMarkdown } from './renderCaseText.ts';

/** A one-section text around the given Markdown body. */
function textWith(body: string, title = 'Case'): CaseText {
  return { title, lead: '', sections: [{ id: 'findings-ct', title: 'CT', level: 3, markdown: body }] };
}

/** Renders and parses the result into a container, as the UI will with innerHTML. */
function render(body: string, knownFindings?: ReadonlySet<string>, title?: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = renderCaseText(textWith(body, title), { knownFindings });
  return container;
}

const DANGEROUS_TAGS =
  'script, iframe, frame, object, embed, img, svg, math, style, form, input, link, meta, base';

/** Everything that could run script or fetch something is gone. */
function expectInert(container: HTMLElement): void {
  expect(container.querySelectorAll(DANGEROUS_TAGS)).toHaveLength(0);
  for (const element of container.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      expect(attribute.name.startsWith('on'), `${element.tagName} has ${attribute.name}`).toBe(false);
      expect(attribute.value.toLowerCase().replace(/\s/g, '')).not.toContain('javascript:');
      if (attribute.name === 'href') expect(attribute.value).toMatch(/^(https?:\/\/|mailto:|#)/);
      if (attribute.name === 'style') throw new Error(`style attribute on ${element.tagName}`);
    }
  }
}

describe('renderCaseText: structure and links', () => {
  it('wraps each section with its stable id and renders Markdown', () => {
    const text: CaseText = {
      title: 'Uremic *tumoral* calcinosis',
      lead: 'A case for residents.',
      sections: [
        { id: 'history', title: 'History', level: 2, markdown: 'A patient on **haemodialysis**.' },
        { id: 'findings-ct', title: 'CT', level: 3, markdown: '- one\n- two' },
      ],
    };
    const container = document.createElement('div');
    container.innerHTML = renderCaseText(text);
    expect(container.querySelector('h1.case-title')?.innerHTML).toBe('Uremic <em>tumoral</em> calcinosis');
    expect(container.querySelector('.case-lead')?.textContent?.trim()).toBe('A case for residents.');
    const sections = [...container.querySelectorAll('section.case-section')];
    expect(sections.map((s) => s.getAttribute('data-section-id'))).toEqual(['history', 'findings-ct']);
    expect(sections[0]?.querySelector('h2')?.textContent).toBe('History');
    expect(sections[0]?.querySelector('strong')?.textContent).toBe('haemodialysis');
    expect(sections[1]?.classList.contains('case-subsection')).toBe(true);
    expect(sections[1]?.querySelectorAll('li')).toHaveLength(2);
  });

  it('turns #finding: links into in-app links with the finding id', () => {
    const container = render(
      'See the [sedimentation sign](#finding:loc-2-level) here.',
      new Set(['loc-2-level']),
    );
    const link = container.querySelector('a');
    expect(link?.getAttribute('data-finding-id')).toBe('loc-2-level');
    expect(link?.className).toBe('finding-link');
    expect(link?.getAttribute('href')).toBe('#finding:loc-2-level');
    expect(link?.textContent).toBe('sedimentation sign');
  });

  it('marks links to findings the case does not have as broken, without an href', () => {
    const container = render('[gone](#finding:loc-9-level)', new Set(['loc-2-level']));
    const link = container.querySelector('a');
    expect(link?.hasAttribute('href')).toBe(false);
    expect(link?.hasAttribute('data-finding-id')).toBe(false);
    expect(link?.classList.contains('finding-link-broken')).toBe(true);
  });

  it('turns #section: links into section links and opens web links in a new tab', () => {
    const container = render(
      '[see the differential](#section:differential) and [a review](https://example.org/x)',
    );
    const [section, web] = container.querySelectorAll('a');
    expect(section?.getAttribute('data-section-link')).toBe('differential');
    expect(web?.getAttribute('target')).toBe('_blank');
    expect(web?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('drops relative links that would navigate away from the app', () => {
    const link = render('[other case](../other/case.md)').querySelector('a');
    expect(link?.hasAttribute('href')).toBe(false);
    expect(link?.textContent).toBe('other case');
  });
});

describe('renderCaseText: hostile content cannot run script', () => {
  const attacks: Record<string, string> = {
    'markdown javascript: link': '[click](javascript:alert(1))',
    'mixed-case scheme': '[click](JaVaScRiPt:alert(1))',
    'entity-obfuscated scheme': '[click](jav&#x09;ascript:alert(1))',
    'autolink with javascript:': '<javascript:alert(1)>',
    'data: URL': '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    'vbscript: URL': '[x](vbscript:msgbox(1))',
    'raw script tag': '<script>alert(1)</script>',
    'img onerror': '<img src=x onerror=alert(1)>',
    'markdown image with javascript:': '![x](javascript:alert(1))',
    'svg onload': '<svg onload=alert(1)><circle r="5"/></svg>',
    'svg script': '<svg><script>alert(1)</script></svg>',
    iframe: '<iframe src="https://evil.example/"></iframe>',
    'iframe srcdoc': '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    'object data': '<object data="javascript:alert(1)"></object>',
    'raw anchor with javascript:': '<a href="javascript:alert(1)">x</a>',
    'anchor with event handler on a finding link':
      '<a href="#finding:x" onclick="alert(1)" onmouseover="alert(2)">x</a>',
    'style tag': '<style>body{background:url(javascript:alert(1))}</style>',
    'style attribute': '<p style="background:url(javascript:alert(1))">x</p>',
    'form action': '<form action="javascript:alert(1)"><button>go</button></form>',
    'meta refresh': '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    'base href': '<base href="javascript:alert(1)//">',
    'mXSS through math/style': '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    'noscript parsing trick': '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    'details ontoggle': '<details open ontoggle=alert(1)>x</details>',
    'html in a link title': '[x](https://example.org "\\"><img src=x onerror=alert(1)>")',
  };

  for (const [name, body] of Object.entries(attacks)) {
    it(`neutralises ${name}`, () => {
      const container = render(`Before ${body} after`);
      expectInert(container);
      expect(container.textContent).toContain('Before');
    });
  }

  for (const [name, body] of Object.entries(attacks)) {
    it(`neutralises ${name} in a snippet (tour caption, quiz prompt)`, () => {
      const container = document.createElement('div');
      container.innerHTML = renderMarkdown(`Before ${body} after`, { knownFindings: new Set(['x']) });
      expectInert(container);
      expect(container.textContent).toContain('Before');
    });
  }

  it('renders a snippet with finding and section links like the case text', () => {
    const container = document.createElement('div');
    container.innerHTML = renderMarkdown(
      'See **the level** [here](#finding:level-1) and [CT](#section:findings-ct).',
    );
    expect(container.querySelector('strong')?.textContent).toBe('the level');
    expect(container.querySelector('a.finding-link')?.getAttribute('data-finding-id')).toBe('level-1');
    expect(container.querySelector('a.section-link')?.getAttribute('data-section-link')).toBe('findings-ct');
  });

  it('neutralises script in the title and section headings', () => {
    const container = document.createElement('div');
    container.innerHTML = renderCaseText({
      title: '<img src=x onerror=alert(1)>Title',
      lead: '<script>alert(1)</script>',
      sections: [
        { id: 'history', title: '<span onmouseover=alert(1)>History</span>', level: 2, markdown: 'x' },
      ],
    });
    expectInert(container);
    expect(container.querySelector('h2')?.textContent).toBe('History');
  });

  it('does not let the file forge finding links or section ids through data attributes', () => {
    const container = render(
      '<span data-finding-id="loc-1" data-section-id="history" class="finding-link">fake</span> <a href="#finding:BAD ID">x</a>',
    );
    expect(container.querySelector('span')).toBeNull();
    expect(container.querySelectorAll('[data-finding-id]')).toHaveLength(0);
    expect(container.querySelectorAll('[data-section-id]')).toHaveLength(1);
  });
});

describe('renderCaseText: the sample case', () => {
  it('renders every section and every finding link of the real text as a live link', () => {
    const parsed = parseCaseText(caseMarkdown, 'tumoral-calcinosis-pubis.md');
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
    const known = new Set(annotationsJson.annotations.map((a) => a.id));
    const container = document.createElement('div');
    container.innerHTML = renderCaseText(parsed.text, { knownFindings: known });
    expect(container.querySelectorAll('section[data-section-id]')).toHaveLength(parsed.text.sections.length);
    const links = [...container.querySelectorAll('a.finding-link')];
    expect(links).toHaveLength(findingLinksInText(parsed.text).length);
    expect(container.querySelectorAll('.finding-link-broken')).toHaveLength(0);
    expect(new Set(links.map((a) => a.getAttribute('data-finding-id')))).toEqual(
      new Set(findingLinksInText(parsed.text).map((l) => l.findingId)),
    );
    expectInert(container);
  });
});

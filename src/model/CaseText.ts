/**
 * The case's teaching text as named sections, parsed from Markdown whose headings carry stable ids
 * (`## Differential diagnosis {#differential}`). Pure; no Markdown rendering here (that is src/ui).
 */
import { type AnnotationProblem, makeProblem } from './AnnotationProblem.ts';
import type { RevealStage } from './RevealStage.ts';
import type { AnnotationFileText } from './TeachingAnnotation.ts';

/** One section (level 2) or subsection (level 3) of the text. */
export interface CaseTextSection {
  /** Stable id: annotations list it in `sections`, links use `#section:<id>`. */
  readonly id: string;
  readonly title: string;
  readonly level: 2 | 3;
  /** The Markdown body under the heading, up to the next level-2 or level-3 heading. */
  readonly markdown: string;
}

/** The whole text. */
export interface CaseText {
  readonly title: string;
  /** Markdown between the title and the first section (may be empty). */
  readonly lead: string;
  readonly sections: readonly CaseTextSection[];
}

/** A link from the text to a finding, written `[words](#finding:<annotation id>)`. */
export interface FindingLinkRef {
  readonly sectionId: string;
  readonly findingId: string;
  readonly words: string;
}

/** The outcome of parsing: the text (possibly with problems to report), or only problems. */
export type CaseTextResult =
  | { readonly ok: true; readonly text: CaseText }
  | { readonly ok: false; readonly problems: readonly AnnotationProblem[] };

const HEADING = /^(#{1,3})[ \t]+(.+?)[ \t]*$/;
const HEADING_ID = /^(.*?)[ \t]*\{#([a-z0-9][a-z0-9-]*)\}$/;
const FENCE = /^[ \t]{0,3}(```|~~~)/;

/**
 * Splits Markdown into its title (`# ...`), lead and sections (`##` and `###` headings with `{#id}`).
 * Headings inside fenced code blocks are ignored; `####` and deeper stay inside their section's body.
 * @param markdown - the file's content
 * @param fileName - how messages name the file
 */
export function parseCaseText(markdown: string, fileName: string): CaseTextResult {
  const problems: AnnotationProblem[] = [];
  let title = '';
  const lead: string[] = [];
  const sections: { id: string; title: string; level: 2 | 3; lines: string[] }[] = [];
  const seen = new Map<string, number>();
  let inFence = false;
  markdown.split(/\r?\n/).forEach((line, lineIndex) => {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    const current = sections.at(-1);
    if (!heading) {
      (current ? current.lines : lead).push(line);
      return;
    }
    const level = (heading[1] ?? '').length;
    const text = heading[2] ?? '';
    if (level === 1) {
      if (title) problems.push(makeProblem(fileName, undefined, '', `line ${lineIndex + 1}: a second title`));
      title = text;
      return;
    }
    const withId = HEADING_ID.exec(text);
    if (!withId) {
      problems.push(
        makeProblem(
          fileName,
          undefined,
          '',
          `line ${lineIndex + 1}: heading '${text}' needs a stable id, written '${text} {#some-id}'`,
        ),
      );
      return;
    }
    const id = withId[2] ?? '';
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push(
        makeProblem(
          fileName,
          { type: 'section', id },
          '',
          `line ${lineIndex + 1}: section id '${id}' is already used on line ${first}`,
        ),
      );
      return;
    }
    seen.set(id, lineIndex + 1);
    sections.push({ id, title: withId[1] ?? '', level: level === 2 ? 2 : 3, lines: [] });
  });
  if (!title) problems.push(makeProblem(fileName, undefined, '', "the text needs a title line ('# ...')"));
  if (sections.length === 0) problems.push(makeProblem(fileName, undefined, '', 'the text has no sections'));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    text: {
      title,
      lead: lead.join('\n').trim(),
      sections: sections.map((s) => ({
        id: s.id,
        title: s.title,
        level: s.level,
        markdown: s.lines.join('\n').trim(),
      })),
    },
  };
}

/**
 * The text given inline in an annotations file, as a CaseText; `undefined` when the file points at Markdown.
 * @param text - the file's `text` member
 */
export function inlineCaseText(text: AnnotationFileText): CaseText | undefined {
  if (!('sections' in text)) return undefined;
  return { title: text.title, lead: '', sections: text.sections };
}

const FINDING_LINK = /\[([^\]]+)\]\(#finding:([^)\s]*)\)/g;

/**
 * Every `[words](#finding:<id>)` link in the text, with the section it sits in.
 * @param text - the parsed text
 */
export function findingLinksInText(text: CaseText): readonly FindingLinkRef[] {
  const out: FindingLinkRef[] = [];
  for (const section of text.sections) {
    for (const match of section.markdown.matchAll(FINDING_LINK)) {
      out.push({ sectionId: section.id, findingId: match[2] ?? '', words: match[1] ?? '' });
    }
  }
  return out;
}

/**
 * Which sections of the text each reveal stage adds, by section id (a level-2 section brings its level-3
 * subsections). Sections up to and including `history` are always shown; sections no stage names are
 * shown at `all` (the discussion). The lead paragraph under the title comes with the findings.
 */
export interface TextStaging {
  readonly findings: readonly string[];
  readonly diagnosis: readonly string[];
}

/**
 * The staging of a case text with the usual ids (History, Orientation, Imaging findings, Diagnosis, then
 * the discussion): what the sample case's text uses. A text without these ids shows nothing after its
 * history until everything is revealed.
 */
export const defaultTextStaging: TextStaging = {
  findings: ['orientation', 'findings'],
  diagnosis: ['diagnosis'],
};

/** Id of the section an unknown case always shows (with every section before it). */
export const historySectionId = 'history';

/**
 * The part of the text shown at a reveal stage: only the sections revealed by then (the rest is left
 * out, not hidden), and, until the diagnosis is revealed, the title (which names it) replaced by
 * `unknownTitle`.
 * @param text - the whole text
 * @param stage - the view's stage: `history`, `findings`, `diagnosis` or `all`
 * @param unknownTitle - the case's teaching-safe name
 * @param staging - which ids each stage adds
 */
export function textAtStage(
  text: CaseText,
  stage: RevealStage,
  unknownTitle: string,
  staging: TextStaging = defaultTextStaging,
): CaseText {
  if (stage === 'all') return text;
  const shownIds = new Set<string>();
  if (stage !== 'history') for (const id of staging.findings) shownIds.add(id);
  if (stage === 'diagnosis') for (const id of staging.diagnosis) shownIds.add(id);
  const historyAt = text.sections.findIndex((s) => s.id === historySectionId);
  let parentShown = false;
  const sections = text.sections.filter((section, i) => {
    const shown =
      (historyAt >= 0 && i <= historyAt) || shownIds.has(section.id) || (section.level === 3 && parentShown);
    if (section.level === 2) parentShown = shown;
    return shown;
  });
  return {
    title: stage === 'diagnosis' ? text.title : unknownTitle,
    lead: stage === 'history' ? '' : text.lead,
    sections,
  };
}

/**
 * Section ids a staging names that the text does not have (each a problem for the author to fix).
 * @param text - the parsed text
 * @param staging - the staging used with it
 */
export function missingStagedSections(text: CaseText, staging: TextStaging = defaultTextStaging): string[] {
  const ids = new Set(text.sections.map((s) => s.id));
  return [historySectionId, ...staging.findings, ...staging.diagnosis].filter((id) => !ids.has(id));
}

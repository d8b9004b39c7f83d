/**
 * What an unknown case hides, for the checks of tours and quizzes: at which reveal stage each section of the
 * case text is shown (the viewer's staging), and the words that name the diagnosis (from the text's diagnosis
 * heading), so a tour does not link a section, draw an overlay or print the diagnosis before its step reveals
 * them. Authoring tooling for `npm run validate`; pure.
 */
import {
  type CaseTextSection,
  defaultTextStaging,
  historySectionId,
  type TextStaging,
} from '../src/model/CaseText.ts';
import type { RevealStage } from '../src/model/RevealStage.ts';

/**
 * The stage at which an unknown case shows a section, as the viewer stages the text: the history and what comes
 * before it at once, the staged ids (a level-2 section with its level-3 subsections) at their stage, the rest
 * with everything (`all`).
 * @param sectionId - the section
 * @param sections - the case text's sections in order
 * @param staging - which ids each stage adds
 */
export function sectionRevealStage(
  sectionId: string,
  sections: readonly CaseTextSection[],
  staging: TextStaging = defaultTextStaging,
): RevealStage {
  const historyAt = sections.findIndex((s) => s.id === historySectionId);
  const at = sections.findIndex((s) => s.id === sectionId);
  if (at < 0) return 'all';
  if (historyAt >= 0 && at <= historyAt) return 'history';
  // A subsection is staged with its level-2 parent.
  let owner = sections[at];
  for (let i = at; owner && owner.level === 3 && i > 0; ) owner = sections[--i];
  const id = owner?.id ?? sectionId;
  if (staging.findings.includes(id) || staging.findings.includes(sectionId)) return 'findings';
  if (staging.diagnosis.includes(id) || staging.diagnosis.includes(sectionId)) return 'diagnosis';
  return 'all';
}

/** Words too common to give a diagnosis away. */
const commonWords = new Set(['diagnosis', 'disease', 'syndrome', 'with', 'from', 'of', 'the', 'and']);

/**
 * The words that name the diagnosis: those of the diagnosis section's heading (after `Diagnosis:` when it
 * says so), five letters or more. Empty when the text has no such section.
 * @param sections - the case text's sections
 * @param staging - which ids are the diagnosis
 */
export function diagnosisWordsOf(
  sections: readonly CaseTextSection[],
  staging: TextStaging = defaultTextStaging,
): string[] {
  const heading = sections.find((s) => staging.diagnosis.includes(s.id))?.title ?? '';
  const name = heading.includes(':') ? heading.slice(heading.indexOf(':') + 1) : heading;
  return [...new Set(name.toLowerCase().match(/\p{L}{5,}/gu) ?? [])].filter((w) => !commonWords.has(w));
}

/**
 * The first diagnosis word a text contains (whole words, any case), or undefined.
 * @param text - a title, caption or prompt
 * @param words - from {@link diagnosisWordsOf}
 */
export function namedDiagnosisWord(text: string, words: readonly string[]): string | undefined {
  const lower = text.toLowerCase();
  return words.find((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, 'u').test(lower));
}

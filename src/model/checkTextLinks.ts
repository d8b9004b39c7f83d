/**
 * Checks the links between an annotations file and its case text, both ways: every section an annotation
 * cites exists, and every `#finding:` link in the text names an annotation. Pure; depends on src/model only.
 */
import { type AnnotationProblem, makeProblem } from './AnnotationProblem.ts';
import { type CaseText, findingLinksInText } from './CaseText.ts';
import type { AnnotationFile } from './TeachingAnnotation.ts';

/**
 * Finds broken links between annotations and text.
 * @param file - a validated annotations file
 * @param text - its parsed case text
 * @param jsonName - how messages name the annotations file
 * @param textName - how messages name the text file
 * @returns problems, empty when every link resolves
 */
export function checkTextLinks(
  file: AnnotationFile,
  text: CaseText,
  jsonName: string,
  textName: string,
): AnnotationProblem[] {
  const sectionIds = text.sections.map((s) => s.id);
  const known = new Set(sectionIds);
  const problems: AnnotationProblem[] = [];
  file.annotations.forEach((annotation, index) => {
    annotation.sections.forEach((sectionId, i) => {
      if (!known.has(sectionId)) {
        problems.push(
          makeProblem(
            jsonName,
            { type: 'annotation', id: annotation.id, index },
            `sections[${i}]`,
            `sections[${i}] '${sectionId}' is not a section of ${textName} (${sectionIds.join(', ')})`,
          ),
        );
      }
    });
  });
  const annotationIds = new Set(file.annotations.map((a) => a.id));
  for (const link of findingLinksInText(text)) {
    if (!annotationIds.has(link.findingId)) {
      problems.push(
        makeProblem(
          textName,
          { type: 'section', id: link.sectionId },
          '',
          `the link '${link.words}' points at finding '${link.findingId}', which ${jsonName} does not define`,
        ),
      );
    }
  }
  return problems;
}

/**
 * What the file validators (annotations, tours, quizzes) share around their JSON Schemas: one lazily compiled
 * ajv validator per schema (2020-12, every error reported), and the problem of a file of another case.
 * Pure but for ajv; no DOM.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { type AnnotationProblem, makeProblem } from './AnnotationProblem.ts';

/**
 * A function that compiles `schema` on first use and returns the same validator ever after (the compile
 * costs tens of ms: never at import time). The schema itself is checked against the meta-schema in tests.
 * @param schema - a JSON Schema 2020-12 document
 */
export function compileSchemaLazily(schema: object): () => ValidateFunction {
  let compiled: ValidateFunction | undefined;
  return () => {
    if (!compiled) {
      const ajv = new Ajv2020({ allErrors: true, verbose: true, strictTypes: false, validateSchema: false });
      compiled = ajv.compile(schema);
    }
    return compiled;
  };
}

/**
 * The problem of a file written for another case, or undefined when it is for this one (or none is expected).
 * @param fileName - how messages name the file
 * @param caseId - the file's caseId
 * @param expectedCaseId - the open case's id, when the caller knows it
 */
export function caseIdProblem(
  fileName: string,
  caseId: string,
  expectedCaseId: string | undefined,
): AnnotationProblem | undefined {
  if (expectedCaseId === undefined || caseId === expectedCaseId) return undefined;
  return makeProblem(
    fileName,
    undefined,
    'caseId',
    `caseId '${caseId}' does not match the case '${expectedCaseId}'`,
  );
}

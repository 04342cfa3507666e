import type { Violation } from '@apdc/platform';

export const STRUCTURE_LIMITS = {
  maxDepth: 16,
  maxStringLength: 100_000,
  maxNodes: 20_000,
} as const;

/**
 * Refuses documents no release description needs (deep nesting, huge strings, endless arrays) before any
 * JSON-LD processing, reporting each with its JSON pointer; the processing of junk is bounded this way.
 */
export function structureViolations(document: unknown): Violation[] {
  const violations: Violation[] = [];
  let nodes = 0;
  const visit = (value: unknown, pointer: string, depth: number): void => {
    nodes += 1;
    if (nodes > STRUCTURE_LIMITS.maxNodes) {
      if (nodes === STRUCTURE_LIMITS.maxNodes + 1) {
        violations.push({
          path: pointer,
          message: `the document has more than ${STRUCTURE_LIMITS.maxNodes} values`,
        });
      }
      return;
    }
    if (typeof value === 'string') {
      if (value.length > STRUCTURE_LIMITS.maxStringLength) {
        violations.push({
          path: pointer,
          message: `string of ${value.length} characters; at most ${STRUCTURE_LIMITS.maxStringLength} are accepted`,
        });
      }
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (depth >= STRUCTURE_LIMITS.maxDepth) {
      violations.push({ path: pointer, message: `nested deeper than ${STRUCTURE_LIMITS.maxDepth} levels` });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((child, index) => visit(child, `${pointer}/${index}`, depth + 1));
      return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      visit(child, `${pointer}/${escapePointer(key)}`, depth + 1);
    }
  };
  visit(document, '', 0);
  return violations;
}

export function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

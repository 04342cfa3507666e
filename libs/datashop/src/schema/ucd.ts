const UCD_WORD = /^[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9][A-Za-z0-9_-]*)*$/;

/**
 * Why `ucd` is not a syntactically valid IVOA UCD (words such as `phys.energy` separated by `;`), or
 * undefined. The words are not checked against the UCD1+ vocabulary.
 */
export function ucdProblem(ucd: string): string | undefined {
  const words = ucd.split(';');
  const bad = words.find((word) => !UCD_WORD.test(word));
  if (bad === undefined) return undefined;
  return `"${ucd}" is not a UCD: "${bad}" is not a word like phys.energy (words separated by ";", no spaces)`;
}

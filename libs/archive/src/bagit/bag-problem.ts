/** What a validation can find wrong with a bag, and how problems are ordered. */

const COMPLETENESS_CODES = [
  'missing-bagit-txt',
  'bad-bagit-txt',
  'bad-bag-info',
  'missing-payload-directory',
  'no-payload-manifest',
  'bad-manifest-line',
  'bad-file-name',
  'missing-payload-file',
  'unlisted-payload-file',
  'manifests-disagree',
  'missing-tag-file',
  'fetch-not-retrieved',
  'bad-fetch-line',
  'not-a-regular-file',
  'bad-serialization',
] as const;

type ValidityProblemCode =
  | 'payload-digest-mismatch'
  | 'tag-digest-mismatch'
  | 'payload-oxum-mismatch'
  | 'fetch-size-mismatch'
  | 'unsupported-algorithm'
  | 'unverifiable-digest';

/**
 * Completeness problems make a bag incomplete (and so invalid); validity problems make a complete bag
 * invalid; a profile violation makes it invalid for that profile.
 */
export type BagProblemCode = (typeof COMPLETENESS_CODES)[number] | ValidityProblemCode | 'profile-violation';

export interface BagProblem {
  readonly code: BagProblemCode;
  /** Relative to the bag root ('data/…' for payload files), decoded. */
  readonly path?: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly algorithm?: string;
  /** For profile violations: the profile key broken ('Bag-Info', 'Tag-Files-Required', …). */
  readonly rule?: string;
  /** For bag-info problems: the label concerned. */
  readonly label?: string;
}

export type AddProblem = (problem: BagProblem) => void;

export function isCompletenessProblem(problem: BagProblem): boolean {
  return (COMPLETENESS_CODES as readonly string[]).includes(problem.code);
}

/** By path, code, algorithm, label and message, so that reports of the same bag compare equal. */
export function compareProblems(a: BagProblem, b: BagProblem): number {
  const keys = (p: BagProblem): string[] => [
    p.path ?? '',
    p.code,
    p.algorithm ?? '',
    p.label ?? '',
    p.message,
  ];
  const [x, y] = [keys(a), keys(b)];
  for (let index = 0; index < x.length; index += 1) {
    const [left, right] = [x[index] ?? '', y[index] ?? ''];
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

export function quoted(path: string): string {
  return JSON.stringify(path);
}

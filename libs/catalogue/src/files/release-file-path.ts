import type { Violation } from '@apdc/platform';

const MAX_PATH_LENGTH = 1024;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Checks a file's path inside a release: relative, `/`-separated, no `.` or `..` segments, no empty
 * segments, no backslashes or control characters, Unicode NFC. Returns the problems, none if fine.
 */
export function releaseFilePathViolations(path: string): Violation[] {
  const problem = (message: string): Violation[] => [{ path: 'path', message }];
  if (path === '') return problem('must not be empty');
  if (path.length > MAX_PATH_LENGTH) return problem(`must be at most ${MAX_PATH_LENGTH} characters`);
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return problem('must be relative, not absolute');
  if (path.includes('\\')) return problem('must use "/" as separator, not "\\"');
  if (CONTROL_CHARACTERS.test(path)) return problem('must not contain control characters');
  if (path.normalize('NFC') !== path) return problem('must be in Unicode normalization form C');
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..')) return problem('must not contain ".." segments');
  if (segments.some((segment) => segment === '.' || segment === '')) {
    return problem('must not contain "." or empty segments');
  }
  return [];
}

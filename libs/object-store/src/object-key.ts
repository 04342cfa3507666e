import { InvalidObjectKeyError } from './errors.js';

const VALID_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
/** Where the filesystem store stages writes; refused on every store so that keys move between stores. */
export const STAGING_DIR = '.staging';

/**
 * Throws {@link InvalidObjectKeyError} unless `key` is `/`-separated segments of `[A-Za-z0-9._-]`, none of
 * them `.` or `..`, outside the staging area. Every adapter applies the same rule, so a key valid on one
 * store is valid on all of them, and characters outside the set (such as `#`) are free for the stores' own
 * files.
 */
export function assertValidObjectKey(key: string): void {
  if (!VALID_KEY.test(key) || key.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new InvalidObjectKeyError(key);
  }
  if (key === STAGING_DIR || key.startsWith(`${STAGING_DIR}/`)) throw new InvalidObjectKeyError(key);
}

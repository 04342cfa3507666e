import { InvalidInputError } from './errors.js';

/** Opaque pagination cursors: the last key of the previous page, base64url-encoded. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey }), 'utf8').toString('base64url');
}

/** Keys of the lists we page through, so that a forged cursor cannot reach the database as a bad value. */
export const CURSOR_KEYS = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  integer: /^[1-9]\d{0,17}$/,
  slug: /^[a-z0-9][a-z0-9-]{0,62}$/,
  // eslint-disable-next-line no-control-regex -- a path never holds control characters
  text: /^[^\u0000]{1,1024}$/,
} as const;

export function decodeCursor(cursor: string | undefined, key: RegExp = CURSOR_KEYS.text): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const value = parsed !== null && typeof parsed === 'object' ? (parsed as { k?: unknown }).k : undefined;
    if (typeof value === 'string' && key.test(value)) return value;
  } catch {
    // reported below
  }
  throw new InvalidInputError('Invalid cursor', [
    { path: 'cursor', message: 'not a cursor this service issued' },
  ]);
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** Builds a page from `limit + 1` fetched rows: the extra row only tells whether there is a next page. */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => string,
  view: (row: R) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

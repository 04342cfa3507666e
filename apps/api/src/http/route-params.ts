import { VersionNotFoundError } from '@apdc/catalogue';

/** Version numbers are positive integers; anything else cannot name a version. */
export function parseVersionNumber(datasetId: string, raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new VersionNotFoundError(datasetId, raw);
  return Number(raw);
}

/** Express 5 hands a `*path` wildcard over as decoded segments. */
export function wildcardPath(raw: string | string[]): string {
  return Array.isArray(raw) ? raw.join('/') : raw;
}

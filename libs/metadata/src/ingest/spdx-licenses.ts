import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ids = new Set(require('spdx-license-ids/index.json') as string[]);
const deprecated = new Set(require('spdx-license-ids/deprecated.json') as string[]);

/** Whether `id` is a current (not deprecated) SPDX licence identifier; compared exactly, as SPDX ids are. */
export function isSpdxLicenseId(id: string): boolean {
  return ids.has(id) && !deprecated.has(id);
}

/** The SPDX id with the same letters in another case, to suggest when a curator wrote `cc-by-4.0`. */
export function spdxSuggestion(id: string): string | undefined {
  const lower = id.toLowerCase();
  for (const candidate of ids) if (candidate.toLowerCase() === lower) return candidate;
  return undefined;
}

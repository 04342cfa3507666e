/**
 * DataCite's own syntax rule for a DOI it will create (the DataCite REST API's `validates_format_of :doi`):
 * `10.` and a registrant code of 4 or 5 digits (no sub-prefixes such as `10.1000.5`), `/`, then a suffix of
 * ASCII letters, digits and `-._;()/:*~$=`. Wider than DataCite would be pointless: it refuses the rest.
 * Case-insensitive, as DOIs are.
 */
export const DATACITE_DOI_PATTERN = /^10\.\d{4,5}\/[-._;()/:a-z0-9*~$=]+$/i;

/** A DOI prefix DataCite hands out: `10.` and 4 or 5 digits. */
export const DATACITE_PREFIX_PATTERN = /^10\.\d{4,5}$/;

/** Whether DataCite would accept `doi` as the name of a new DOI (see {@link DATACITE_DOI_PATTERN}). */
export function isValidDoi(doi: string): boolean {
  return DATACITE_DOI_PATTERN.test(doi);
}

/** The prefix of a DOI (`10.5072` of `10.5072/k7q2-x4mvx`), or `undefined` when `doi` has no `/`. */
export function doiPrefixOf(doi: string): string | undefined {
  const slash = doi.indexOf('/');
  return slash < 0 ? undefined : doi.slice(0, slash);
}

/** Checks of the persistent identifiers that release metadata names. */

const ORCID_URL = /^https?:\/\/orcid\.org\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/;
const ORCID_BARE = /^(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/;

/** The bare ORCID iD of an ORCID URL or iD, if its ISO 7064 11,2 check character is right. */
export function parseOrcid(value: string): string | undefined {
  const id = ORCID_URL.exec(value)?.[1] ?? ORCID_BARE.exec(value)?.[1];
  if (id === undefined) return undefined;
  const digits = id.replaceAll('-', '');
  let total = 0;
  for (const digit of digits.slice(0, 15)) total = (total + Number(digit)) * 2;
  const remainder = total % 11;
  const result = (12 - remainder) % 11;
  const expected = result === 10 ? 'X' : String(result);
  return digits[15] === expected ? id : undefined;
}

const ROR_URL = /^https:\/\/ror\.org\/(0[0-9a-hjkmnp-tv-z]{6}[0-9]{2})$/;
const CROCKFORD_BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/** The ROR id of a ROR URL, if it is one and its ISO 7064 MOD 97-10 checksum is right. */
export function parseRor(value: string): string | undefined {
  const id = ROR_URL.exec(value)?.[1];
  if (id === undefined) return undefined;
  let number = 0n;
  for (const character of id.slice(0, 7)) number = number * 32n + BigInt(CROCKFORD_BASE32.indexOf(character));
  const checksum = 98n - ((number * 100n) % 97n);
  return checksum === BigInt(id.slice(7)) ? id : undefined;
}

const DOI = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)?(10\.\d{4,9}\/\S+)$/i;

/** The bare, lower-case DOI named by a DOI, `doi:` URI or doi.org URL. */
export function parseDoi(value: string): string | undefined {
  return DOI.exec(value.trim())?.[1]?.toLowerCase();
}

export interface RelatedIdentifier {
  readonly identifier: string;
  readonly identifierType: 'DOI' | 'URL' | 'arXiv';
}

const ARXIV = /^(?:arXiv:|https?:\/\/arxiv\.org\/abs\/)(\d{4}\.\d{4,5}(?:v\d+)?)$/i;

/** Classifies a related resource the way DataCite's relatedIdentifierType does. */
export function parseRelatedIdentifier(value: string): RelatedIdentifier | undefined {
  const doi = DOI.exec(value)?.[1];
  if (doi !== undefined) return { identifier: doi.toLowerCase(), identifierType: 'DOI' };
  const arxiv = ARXIV.exec(value)?.[1];
  if (arxiv !== undefined) return { identifier: `arXiv:${arxiv}`, identifierType: 'arXiv' };
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:')
      return { identifier: value, identifierType: 'URL' };
  } catch {
    return undefined;
  }
  return undefined;
}

const SPDX_URL = /^https?:\/\/spdx\.org\/licenses\/([A-Za-z0-9.+-]+?)(?:\.html|\.json)?$/;
const SPDX_ID = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;

/** The SPDX licence id named by an SPDX URL or id. */
export function parseSpdxLicense(value: string): string | undefined {
  const fromUrl = SPDX_URL.exec(value)?.[1];
  if (fromUrl !== undefined) return fromUrl;
  return SPDX_ID.test(value) ? value : undefined;
}

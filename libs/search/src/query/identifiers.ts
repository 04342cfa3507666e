/**
 * One normal form per persistent identifier, shared by the query parser and the search-document builder:
 * an identifier typed in a query matches the same identifier stored in a record only if both went through
 * {@link normalizeIdentifier}.
 */

const DOI = /^10\.\d{4,9}\/\S+$/;
const ORCID = /^(\d{4}-\d{4}-\d{4}-\d{3})([\dX])$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ARXIV_NEW = /^\d{4}\.\d{4,5}(?:v\d+)?$/;
const ARXIV_OLD = /^[a-z]+(?:-[a-z]+)*(?:\.[a-z]{2})?\/\d{7}(?:v\d+)?$/i;
const SCHEME_PREFIX = /^(doi|orcid|arxiv|id|url):/i;
const DOI_RESOLVER = /^https?:\/\/(?:dx\.|www\.)?doi\.org\//i;
const ORCID_RESOLVER = /^https?:\/\/(?:www\.)?orcid\.org\//i;
const ARXIV_PAGE = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\//i;
const HTTP_URL = /^https?:\/\//i;
/** Longer than any identifier worth matching; keeps a pasted essay from reaching the URL parser. */
const MAX_IDENTIFIER_LENGTH = 2048;

/**
 * The normal form of a persistent identifier, or `undefined` when `raw` is none:
 * - DOI (`10.1234/x`, `doi:10.1234/x`, `https://doi.org/10.1234/x`, `http://dx.doi.org/…`) → `doi:10.1234/x`,
 *   lower-cased, percent-escapes of resolver URLs decoded;
 * - ORCID iD (`0000-0002-1825-0097`, `orcid:…`, `https://orcid.org/…`) with a valid ISO 7064 11,2 check
 *   character → `orcid:0000-0002-1825-0097` (check character `X` upper-cased);
 * - arXiv id, only with the `arXiv:` prefix or as an `arxiv.org/abs|pdf/` URL, since a bare `2307.16210`
 *   is as likely a number: new (`2307.16210`, `2307.16210v2`) or old (`hep-ex/0101001`) style →
 *   `arxiv:2307.16210`, lower-cased;
 * - UUID (bare or `id:…`) → `id:<uuid>`, lower-cased;
 * - any other http(s) URL (also `url:…`) → `url:` + its WHATWG serialisation (scheme and host lower-cased,
 *   default port dropped), without the `/` of an empty path.
 *
 * Normal forms are fixed points: `normalizeIdentifier(normalizeIdentifier(x))` is `normalizeIdentifier(x)`.
 *
 * Surrounding whitespace is ignored; anything containing inner whitespace is not an identifier.
 */
export function normalizeIdentifier(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_IDENTIFIER_LENGTH || /\s/.test(text)) return undefined;
  const scheme = SCHEME_PREFIX.exec(text)?.[1]?.toLowerCase();
  const rest = scheme === undefined ? text : text.slice(scheme.length + 1);
  switch (scheme) {
    case 'doi':
      return doiOf(rest);
    case 'orcid':
      return orcidOf(rest);
    case 'arxiv':
      return arxivOf(rest);
    case 'id':
      return uuidOf(rest);
    case 'url':
      return HTTP_URL.test(rest) ? webIdentifierOf(rest) : undefined;
    case undefined:
      return doiOf(rest) ?? orcidOf(rest) ?? uuidOf(rest) ?? webIdentifierOf(rest);
    default:
      return undefined;
  }
}

/** A resolver or arXiv URL names what it resolves to; any other http(s) URL names itself. */
function webIdentifierOf(text: string): string | undefined {
  if (DOI_RESOLVER.test(text)) return doiOf(text) ?? urlOf(text);
  if (ORCID_RESOLVER.test(text)) return orcidOf(text) ?? urlOf(text);
  return arxivPageOf(text) ?? urlOf(text);
}

function doiOf(text: string): string | undefined {
  const bare = DOI_RESOLVER.test(text) ? decodePercentEscapes(text.replace(DOI_RESOLVER, '')) : text;
  return bare !== undefined && DOI.test(bare) ? `doi:${bare.toLowerCase()}` : undefined;
}

function orcidOf(text: string): string | undefined {
  const bare = text.replace(ORCID_RESOLVER, '');
  const match = ORCID.exec(bare);
  if (match === null) return undefined;
  const [, body = '', check = ''] = match;
  const upperCheck = check.toUpperCase();
  return orcidCheckCharacter(body.replaceAll('-', '')) === upperCheck
    ? `orcid:${body}${upperCheck}`
    : undefined;
}

/** ISO 7064 MOD 11-2 over the first 15 digits, as ORCID specifies. */
function orcidCheckCharacter(digits: string): string {
  let total = 0;
  for (const digit of digits) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

function arxivOf(text: string): string | undefined {
  return ARXIV_NEW.test(text) || ARXIV_OLD.test(text) ? `arxiv:${text.toLowerCase()}` : undefined;
}

function arxivPageOf(text: string): string | undefined {
  if (!ARXIV_PAGE.test(text)) return undefined;
  const path = text.replace(ARXIV_PAGE, '');
  return arxivOf(path.toLowerCase().endsWith('.pdf') ? path.slice(0, -'.pdf'.length) : path);
}

function uuidOf(text: string): string | undefined {
  return UUID.test(text) ? `id:${text.toLowerCase()}` : undefined;
}

function urlOf(text: string): string | undefined {
  if (!HTTP_URL.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.hostname === '') return undefined;
  if (url.pathname !== '/') return `url:${url.href}`;
  const userInfo =
    url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  return `url:${url.protocol}//${userInfo}${url.host}${url.search}${url.hash}`;
}

function decodePercentEscapes(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

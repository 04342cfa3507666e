import { randomBytes } from 'node:crypto';

/*
 * Suffixes are 8 random symbols of Crockford's base32 in lower case (no i, l, o, u: nothing to misread,
 * URL-safe, case-insensitive like DOIs themselves), in two groups of four, then one check symbol from the
 * same alphabet: `k7q2-x4mvx`. 40 random bits; the caller's database refuses a repeat, so a DOI is never
 * reused.
 *
 * The check symbol: the data symbols are elements d₁…d₈ of GF(32) (polynomial x⁵ + x² + 1) and the check c
 * makes the Horner sum α·(…(α·d₁ ⊕ d₂)…) ⊕ d₈, extended by c, equal zero (α = x, a primitive element).
 * This is Damm's totally anti-symmetric quasigroup a ∘ b = α·a ⊕ b, so with p ≠ q any single changed
 * symbol shifts the sum by αᵏ·(p ⊕ q) ≠ 0 and any swap of neighbours, the check symbol included, by
 * αᵏ·(α ⊕ 1)·(p ⊕ q) ≠ 0: every single-symbol error and every adjacent transposition is detected (and every
 * jump transposition, as (α ⊕ 1)² ≠ 0). Crockford's own mod-37 check would need `*~$=u` as check symbols.
 */

/** Crockford's base32 alphabet, lower case; a symbol's value is its index. */
export const DOI_SUFFIX_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** The shape of a minted suffix (not its check symbol: see {@link isValidDoiSuffix}); case-insensitive. */
export const DOI_SUFFIX_PATTERN = /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{5}$/i;

const DATA_SYMBOLS = 8;
const FIELD_POLYNOMIAL = 0b100101;

/** Random bytes from the operating system's CSPRNG. */
function systemRandom(): Uint8Array {
  return randomBytes(DATA_SYMBOLS);
}

/**
 * A new opaque DOI suffix such as `k7q2-x4mvx`. `random` must return at least 8 bytes; only the low five
 * bits of each are used, which keeps every symbol uniformly distributed.
 */
export function mintDoiSuffix(random: () => Uint8Array = systemRandom): string {
  const bytes = random();
  if (bytes.length < DATA_SYMBOLS)
    throw new RangeError(`mintDoiSuffix needs ${DATA_SYMBOLS} random bytes, got ${bytes.length}`);
  const values = Array.from(bytes.subarray(0, DATA_SYMBOLS), (byte) => byte & 0b11111);
  const symbols = [...values, checkValue(values)].map((value) => symbolOf(value));
  return `${symbols.slice(0, 4).join('')}-${symbols.slice(4).join('')}`;
}

/** Whether `suffix` has the shape of a minted suffix and a matching check symbol (case-insensitive). */
export function isValidDoiSuffix(suffix: string): boolean {
  if (!DOI_SUFFIX_PATTERN.test(suffix)) return false;
  const values = Array.from(suffix.toLowerCase().replace('-', ''), (symbol) =>
    DOI_SUFFIX_ALPHABET.indexOf(symbol),
  );
  return values.reduce(horner, 0) === 0;
}

/** The value c that makes the Horner sum over `values` followed by c zero. */
function checkValue(values: readonly number[]): number {
  return timesAlpha(values.reduce(horner, 0));
}

function horner(sum: number, value: number): number {
  return timesAlpha(sum) ^ value;
}

/** Multiplication by α = x in GF(32) = GF(2)[x] / (x⁵ + x² + 1). */
function timesAlpha(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? shifted ^ FIELD_POLYNOMIAL : shifted;
}

function symbolOf(value: number): string {
  const symbol = DOI_SUFFIX_ALPHABET[value];
  if (symbol === undefined) throw new RangeError(`No base32 symbol for ${value}`);
  return symbol;
}

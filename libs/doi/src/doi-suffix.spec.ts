import { describe, expect, it } from '@jest/globals';
import { isValidDoi } from './doi-syntax.js';
import { DOI_SUFFIX_ALPHABET, DOI_SUFFIX_PATTERN, isValidDoiSuffix, mintDoiSuffix } from './doi-suffix.js';

/** A deterministic byte source (xorshift32), so failures are reproducible. */
function seeded(seed: number): () => Uint8Array {
  let state = seed;
  return () =>
    Uint8Array.from({ length: 8 }, () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 0xff;
    });
}

describe(mintDoiSuffix.name, () => {
  it('mints short, lower-case, URL-safe suffixes that pass their own check', () => {
    for (let i = 0; i < 1000; i++) {
      const suffix = mintDoiSuffix();
      expect(suffix).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{5}$/);
      expect(suffix).toBe(encodeURIComponent(suffix));
      expect(isValidDoiSuffix(suffix)).toBe(true);
      expect(isValidDoi(`10.5072/${suffix}`)).toBe(true);
    }
  });

  it('uses the random bytes it is given: the same bytes, the same suffix', () => {
    const bytes = Uint8Array.from([0, 1, 2, 3, 28, 29, 30, 31]);
    const suffix = mintDoiSuffix(() => bytes);
    expect(suffix.slice(0, 9)).toBe('0123-wxyz');
    expect(mintDoiSuffix(() => bytes)).toBe(suffix);
    // Only the low five bits count.
    expect(mintDoiSuffix(() => bytes.map((b) => b | 0xe0))).toBe(suffix);
  });

  it('spreads symbols evenly and does not repeat in practice', () => {
    const counts = new Map<string, number>();
    const seen = new Set<string>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const suffix = mintDoiSuffix();
      seen.add(suffix);
      for (const symbol of suffix.slice(0, 4) + suffix.slice(5, 9))
        counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect(seen.size).toBe(n);
    const expected = (n * 8) / 32;
    for (const symbol of DOI_SUFFIX_ALPHABET) {
      expect(Math.abs((counts.get(symbol) ?? 0) - expected)).toBeLessThan(expected * 0.15);
    }
  });

  it('refuses a random source that gives too few bytes', () => {
    expect(() => mintDoiSuffix(() => new Uint8Array(7))).toThrow(RangeError);
  });
});

describe(isValidDoiSuffix.name, () => {
  const sample = Array.from({ length: 300 }, (_, i) => mintDoiSuffix(seeded(i + 1)));
  const positions = [0, 1, 2, 3, 5, 6, 7, 8, 9];

  it('accepts suffixes in either case, as DOIs are case-insensitive', () => {
    for (const suffix of sample) expect(isValidDoiSuffix(suffix.toUpperCase())).toBe(true);
    expect(DOI_SUFFIX_PATTERN.test(sample[0]!.toUpperCase())).toBe(true);
  });

  it('detects every single-symbol error, check symbol included', () => {
    for (const suffix of sample)
      for (const at of positions)
        for (const symbol of DOI_SUFFIX_ALPHABET) {
          if (symbol === suffix[at]) continue;
          const altered = suffix.slice(0, at) + symbol + suffix.slice(at + 1);
          expect([altered, isValidDoiSuffix(altered)]).toEqual([altered, false]);
        }
  });

  it('detects every transposition of neighbours (across the hyphen and with the check symbol too)', () => {
    const compact = (s: string): string => s.replace('-', '');
    const withHyphen = (s: string): string => `${s.slice(0, 4)}-${s.slice(4)}`;
    let tried = 0;
    for (const suffix of sample) {
      const symbols = compact(suffix);
      for (let at = 0; at < symbols.length - 1; at++) {
        if (symbols[at] === symbols[at + 1]) continue;
        const swapped = withHyphen(
          symbols.slice(0, at) + symbols[at + 1]! + symbols[at]! + symbols.slice(at + 2),
        );
        expect([swapped, isValidDoiSuffix(swapped)]).toEqual([swapped, false]);
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThan(2000);
  });

  it('detects every adjacent transposition of every symbol pair, whatever precedes it', () => {
    // Exhaustive over the check's whole state space: all 32 × 32 pairs at every position.
    const base = sample[0]!.replace('-', '').slice(0, 8);
    for (let at = 0; at < 7; at++)
      for (const a of DOI_SUFFIX_ALPHABET)
        for (const b of DOI_SUFFIX_ALPHABET) {
          if (a === b) continue;
          const data = base.slice(0, at) + a + b + base.slice(at + 2);
          const valid = mintDoiSuffix(() => Uint8Array.from(data, (s) => DOI_SUFFIX_ALPHABET.indexOf(s)));
          const compact = valid.replace('-', '');
          const swappedData = compact.slice(0, at) + b + a + compact.slice(at + 2);
          const swapped = `${swappedData.slice(0, 4)}-${swappedData.slice(4)}`;
          expect(isValidDoiSuffix(valid)).toBe(true);
          if (isValidDoiSuffix(swapped)) throw new Error(`${valid} → ${swapped} undetected`);
        }
  });

  it('detects every swap of the last data symbol with the check symbol', () => {
    for (const a of DOI_SUFFIX_ALPHABET)
      for (const b of DOI_SUFFIX_ALPHABET) {
        const data = `k7q2x4${a}${b}`;
        const valid = mintDoiSuffix(() => Uint8Array.from(data, (s) => DOI_SUFFIX_ALPHABET.indexOf(s)));
        const check = valid[9]!;
        if (check === b) continue;
        const swapped = `${valid.slice(0, 8)}${check}${b}`;
        if (isValidDoiSuffix(swapped)) throw new Error(`${valid} → ${swapped} undetected`);
      }
  });

  it.each([
    ['no hyphen', 'k7q2x4mv3'],
    ['hyphen misplaced', 'k7q-2x4mv3'],
    ['too short', 'k7q2-x4mv'],
    ['too long', 'k7q2-x4mv33'],
    ['excluded letters', 'i7q2-x4mv3'],
    ['excluded u', 'u7q2-x4mv3'],
    ['not base32', 'k7q2-x4m_3'],
  ])('refuses %s', (_why, suffix) => {
    expect(isValidDoiSuffix(suffix)).toBe(false);
  });
});

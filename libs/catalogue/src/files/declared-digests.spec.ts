import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { contentDigestHeader, parseDeclaredDigests } from './declared-digests.js';

describe(parseDeclaredDigests.name, () => {
  const body = 'KASCADE event 1';
  const sha256 = createHash('sha256').update(body).digest();
  const sha512 = createHash('sha512').update(body).digest();

  it('reads RFC 9530 and RFC 3230 headers', () => {
    const header = `sha-256=:${sha256.toString('base64')}:, sha-512=:${sha512.toString('base64')}:`;
    expect(parseDeclaredDigests(header, undefined)).toEqual({
      digests: { sha256: sha256.toString('hex'), sha512: sha512.toString('hex') },
      violations: [],
    });
    expect(parseDeclaredDigests(undefined, `SHA-256=${sha256.toString('base64')}`).digests).toEqual({
      sha256: sha256.toString('hex'),
    });
  });

  it('round-trips what it writes and reports unreadable members', () => {
    const header = contentDigestHeader(sha256.toString('hex'), sha512.toString('hex'));
    expect(parseDeclaredDigests(header, undefined).digests.sha512).toBe(sha512.toString('hex'));
    expect(parseDeclaredDigests('sha-256=nonsense', undefined).violations).toHaveLength(1);
    expect(parseDeclaredDigests('sha-256=:AAAA:', undefined).violations).toHaveLength(1);
  });
});

import type { Violation } from '@apdc/platform';

export interface DeclaredDigests {
  readonly sha256?: string;
  readonly sha512?: string;
}

/**
 * Reads the checksums a client declares for an upload, from an RFC 9530 `Content-Digest` header
 * (`sha-256=:<base64>:, sha-512=:<base64>:`) or the older RFC 3230 `Digest` header; hex digits as lower case.
 */
export function parseDeclaredDigests(
  contentDigest: string | undefined,
  legacyDigest: string | undefined,
): { digests: DeclaredDigests; violations: Violation[] } {
  const violations: Violation[] = [];
  const digests: { sha256?: string; sha512?: string } = {};
  const read = (header: string, value: string, pattern: RegExp): void => {
    for (const member of value.split(',')) {
      const match = pattern.exec(member.trim());
      if (match?.[1] === undefined || match[2] === undefined) {
        violations.push({ path: header, message: `cannot read ${JSON.stringify(member.trim())}` });
        continue;
      }
      const algorithm = match[1].toLowerCase();
      const bytes = Buffer.from(match[2], 'base64');
      if (algorithm === 'sha-256' && bytes.length === 32) digests.sha256 = bytes.toString('hex');
      else if (algorithm === 'sha-512' && bytes.length === 64) digests.sha512 = bytes.toString('hex');
      else if (algorithm === 'sha-256' || algorithm === 'sha-512') {
        violations.push({ path: header, message: `${algorithm} digest has the wrong length` });
      }
    }
  };
  if (contentDigest !== undefined)
    read('Content-Digest', contentDigest, /^([A-Za-z0-9-]+)=:([A-Za-z0-9+/=]*):$/);
  if (legacyDigest !== undefined) read('Digest', legacyDigest, /^([A-Za-z0-9-]+)=([A-Za-z0-9+/=]+)$/);
  return { digests, violations };
}

/** The `Content-Digest` header value for stored digests (hex). */
export function contentDigestHeader(sha256: string, sha512: string): string {
  const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
  return `sha-256=:${b64(sha256)}:, sha-512=:${b64(sha512)}:`;
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  /** SHA-256 of the content, base64 (the encoding RFC 9530 uses). */
  readonly sha256Base64: string;
  /** Bytes actually read: the upload sends this as Content-Length so that length and digest agree. */
  readonly sizeBytes: number;
}

/** Hashes a file by streaming it once, so files larger than memory are fine. */
export async function digestFile(filePath: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of createReadStream(filePath)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    sizeBytes += bytes.length;
  }
  return { sha256Base64: hash.digest('base64'), sizeBytes };
}

/** The RFC 9530 `Content-Digest` header value for a SHA-256 given in base64. */
export function contentDigestHeader(sha256Base64: string): string {
  return `sha-256=:${sha256Base64}:`;
}

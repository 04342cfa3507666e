import { createHash, type Hash } from 'node:crypto';

/** The digest algorithms APDC writes bags with. */
export type BagDigestAlgorithm = 'sha512' | 'sha256';

/** Digest algorithms the validator can verify: ours plus those older bags from other tools use. */
export type BagReadableAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** The default algorithms of a bag plan, in the order the manifests are written. */
export const BAG_DIGEST_ALGORITHMS: readonly BagDigestAlgorithm[] = ['sha512', 'sha256'];

const HEX_LENGTH: Readonly<Record<BagReadableAlgorithm, number>> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** Every algorithm whose manifests the validator checks. */
export const BAG_READABLE_ALGORITHMS = Object.keys(HEX_LENGTH) as readonly BagReadableAlgorithm[];

export function isReadableAlgorithm(name: string): name is BagReadableAlgorithm {
  return Object.hasOwn(HEX_LENGTH, name);
}

export function isWritableAlgorithm(name: string): name is BagDigestAlgorithm {
  return name === 'sha512' || name === 'sha256';
}

export function digestHexLength(algorithm: BagReadableAlgorithm): number {
  return HEX_LENGTH[algorithm];
}

export function isDigestOf(algorithm: BagReadableAlgorithm, digest: string): boolean {
  return digest.length === HEX_LENGTH[algorithm] && /^[0-9a-fA-F]+$/.test(digest);
}

/** Feeds every chunk to one hash per algorithm, so a file is read once whatever the number of manifests. */
export class MultiDigest<A extends string = BagReadableAlgorithm> {
  private readonly hashes: ReadonlyArray<readonly [A, Hash]>;
  private octets = 0;

  constructor(algorithms: Iterable<A>) {
    this.hashes = [...new Set(algorithms)].map((algorithm) => [algorithm, createHash(algorithm)] as const);
  }

  update(chunk: Buffer): void {
    this.octets += chunk.length;
    for (const [, hash] of this.hashes) hash.update(chunk);
  }

  get size(): number {
    return this.octets;
  }

  /** Lower-case hex digests; the hashes cannot be updated afterwards. */
  digests(): Record<A, string> {
    const result = {} as Record<A, string>;
    for (const [algorithm, hash] of this.hashes) result[algorithm] = hash.digest('hex');
    return result;
  }
}

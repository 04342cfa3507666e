import type { ReleaseFile, ReleaseRecord } from '@apdc/metadata';
import type { PremisEvent } from '../premis/index.js';

/** One bag of an archive package, as the tag files and bag-info describe it. */
export interface ArchivalBagInput {
  /** UUID of the package (the bag group); every bag of the package shares it. */
  readonly packageId: string;
  /** When the package was made; gives Bagging-Date (UTC). */
  readonly createdAt: Date;
  /** 1-based position of this bag in the group. */
  readonly bagIndex: number;
  readonly bagCount: number;
  /** The whole version, restricted files included; the bag holds only `files`. */
  readonly record: ReleaseRecord;
  /** The curator's canonical JSON-LD, as stored. */
  readonly canonicalJsonLd: unknown;
  /** The payload of this bag, in path order. */
  readonly files: readonly ReleaseFile[];
  /** Events recorded in this bag's premis.xml (its creation and digest calculation). */
  readonly events: readonly PremisEvent[];
  /** The archiving software, e.g. `{ name: 'APDC', version: '0.1.0' }`. */
  readonly software: { readonly name: string; readonly version: string };
}

/** The profile every APDC bag follows (archive-policies/apdc-bagit-profile.json). */
export const APDC_BAGIT_PROFILE_ID = 'https://w3id.org/apdc/bagit-profile/v1';

/** Home page named in Bag-Software-Agent. */
export const APDC_HOME = 'https://w3id.org/apdc';

export function checkBagPosition(input: Pick<ArchivalBagInput, 'bagIndex' | 'bagCount'>): void {
  const { bagIndex, bagCount } = input;
  if (
    !Number.isSafeInteger(bagCount) ||
    bagCount < 1 ||
    !Number.isSafeInteger(bagIndex) ||
    bagIndex < 1 ||
    bagIndex > bagCount
  ) {
    throw new RangeError(`bag ${bagIndex} of ${bagCount} is not a position in a bag group`);
  }
}

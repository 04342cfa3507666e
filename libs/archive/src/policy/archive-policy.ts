/** How one copy of every bag is stored and audited for fixity. */
export interface ArchiveCopyPolicy {
  /** Unique within the policy, e.g. `disk`, `tape`; also the copy's name in the archive tables. */
  readonly id: string;
  /** S3 storage class: STANDARD, STANDARD_IA, GLACIER, DEEP_ARCHIVE or a site's own class name. */
  readonly storageClass: string;
  readonly audit: {
    readonly intervalSeconds: number;
    /** As written in the policy (ISO 8601), for display. */
    readonly interval: string;
    /**
     * `rehash`: read the whole copy back and hash it again (disk). `stored-checksum`: compare the
     * checksum and size the storage server keeps, without recalling the data (tape).
     */
    readonly method: 'rehash' | 'stored-checksum';
    /** Share of `stored-checksum` audits that also recall the whole copy and hash it; 0 when none. */
    readonly sampledRecallFraction: number;
  };
}

/** A release's facilities and messengers: what {@link ArchivePolicySet.forRelease} matches on. */
export interface ArchivePolicySubject {
  readonly facilities: readonly string[];
  readonly messengers: readonly string[];
}

export interface ArchivePolicy {
  /** Equal to the file name without `.yaml`/`.yml`. */
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly isDefault: boolean;
  /**
   * The releases the policy is for: a release matches when it names one of `facilities` (if any are
   * given) and one of `messengers` (if any are given). Null for the default policy, and for a policy only
   * ever chosen by id.
   */
  readonly appliesTo: {
    readonly facilities: readonly string[];
    readonly messengers: readonly string[];
  } | null;
  /** Among matching policies the highest priority wins, then the smallest id (byte-wise). 0 by default. */
  readonly priority: number;
  readonly copies: readonly ArchiveCopyPolicy[];
  /** For versions under embargo: `archive` packs them now (the bag is restricted like the files); `defer` packs them when the embargo ends. */
  readonly embargo: 'archive' | 'defer';
  /** Largest payload of one bag in bytes; a larger version is split into a bag group. */
  readonly maxBagBytes: number;
  readonly retention: {
    /** As written (ISO 8601), e.g. `P30Y`. */
    readonly minimum: string;
    readonly minimumSeconds: number;
    /** What happens to the packages of a withdrawn version. */
    readonly afterWithdrawal: 'keep' | 'delete-after-minimum';
  };
  /** sha256 of the YAML file's bytes, recorded with each package so later changes of the policy are traceable. */
  readonly sha256: string;
  /** The file's name in the policies directory, e.g. `standard.yaml`. */
  readonly file: string;
}

/** The loaded policies, and the rule that picks one for a release. */
export interface ArchivePolicySet {
  /** Sorted by id (byte-wise). */
  readonly policies: readonly ArchivePolicy[];
  readonly defaultPolicy: ArchivePolicy;
  /**
   * The first policy whose `appliesTo` matches, in order of priority (highest first) then id; the
   * default policy when none does.
   */
  forRelease(metadata: ArchivePolicySubject): ArchivePolicy;
  byId(id: string): ArchivePolicy | undefined;
}

/** The archive policies in a directory are invalid; `problems` lists each as `<file>: <path>: <message>`. */
export class ArchivePolicyError extends Error {
  constructor(
    readonly directory: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid archive policies in ${directory}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ArchivePolicyError';
  }
}

/** What a bag will contain, checked and laid out before any byte is written, so its tar size is known. */
import type { Readable } from 'node:stream';
import type { Violation } from '@apdc/platform';
import {
  BAG_DIGEST_ALGORITHMS,
  type BagDigestAlgorithm,
  digestHexLength,
  isDigestOf,
  isWritableAlgorithm,
} from './bag-digest.js';
import {
  BAGIT_TXT,
  type PayloadOxum,
  bagInfoEntryFault,
  bagInfoValues,
  formatBagSize,
  formatPayloadOxum,
  parsePayloadOxum,
  serialiseBagInfo,
} from './bag-info.js';
import { fetchLine, manifestLine } from './bag-manifest.js';
import { encodeBagPath, relativePathFault } from './bag-path.js';
import { BagPlanError } from './errors.js';
import { TAR_BLOCK_SIZE, USTAR_MAX_SIZE, paddingAfter, tarHeaderSize } from './tar-header.js';

export interface BagPayloadFile {
  /** Path below data/, '/'-separated, any Unicode incl. spaces, '%', CR and LF. */
  readonly path: string;
  readonly sizeBytes: number;
  /** Opens the bytes; called once, when the writer reaches the file. */
  open(): Promise<Readable>;
  /**
   * Digests recorded elsewhere (the catalogue); if the bytes read differ, packing fails with
   * BagSourceMismatchError naming the file.
   */
  readonly expectedDigests?: Partial<Record<BagDigestAlgorithm, string>>;
}

export interface BagTagFile {
  /** Relative to the bag root, e.g. 'metadata/datacite.xml'. */
  readonly path: string;
  readonly content: string | Buffer;
}

export interface BagFetchEntry {
  readonly url: string;
  readonly sizeBytes: number | null;
  /** Below data/. */
  readonly path: string;
  readonly digests: Record<BagDigestAlgorithm, string>;
}

export interface BagPlan {
  /** Name of the bag's top directory inside a tar serialization. */
  readonly name: string;
  /**
   * bag-info.txt entries in order. The writer appends Payload-Oxum and Bag-Size when they are absent.
   * Payload-Oxum counts the complete payload, fetched files included (so a holey bag's Oxum holds once it
   * is completed); Bag-Size is the size of the tar serialization, in both forms.
   */
  readonly bagInfo: ReadonlyArray<readonly [label: string, value: string]>;
  readonly payload: readonly BagPayloadFile[];
  readonly fetch?: readonly BagFetchEntry[];
  readonly tagFiles: readonly BagTagFile[];
  /** Default ['sha512', 'sha256']. */
  readonly algorithms?: readonly BagDigestAlgorithm[];
  /** mtime of every tar entry: packing the same plan twice gives byte-identical tars. */
  readonly modifiedAt: Date;
}

export interface BagWriteResult {
  readonly payloadOxum: { readonly octets: number; readonly streamCount: number };
  /** Per payload path (without 'data/'), its digests. */
  readonly payloadDigests: ReadonlyMap<string, Readonly<Record<BagDigestAlgorithm, string>>>;
  /** Tar only: byte offset in the tar where each payload file's content starts. */
  readonly payloadOffsets: ReadonlyMap<string, number>;
  /** The tar's size; for a directory, the sum of the sizes of the files written. */
  readonly sizeBytes: number;
}

/** One file (or the empty data/ directory) of a bag, in the order both writers produce them. */
export type BagMember =
  | { readonly kind: 'text'; readonly path: string; readonly content: Buffer }
  | { readonly kind: 'payload'; readonly path: string; readonly file: BagPayloadFile }
  | {
      readonly kind: 'manifest' | 'tag-manifest';
      readonly path: string;
      readonly algorithm: BagDigestAlgorithm;
      readonly size: number;
    }
  | { readonly kind: 'directory'; readonly path: string };

export interface BagLayout {
  readonly name: string;
  readonly algorithms: readonly BagDigestAlgorithm[];
  readonly members: readonly BagMember[];
  readonly fetch: readonly BagFetchEntry[];
  readonly payloadOxum: PayloadOxum;
  /** Whole seconds, as tar stores them. */
  readonly mtime: number;
  readonly tarSizeBytes: number;
}

export function bagMemberSize(member: BagMember): number {
  switch (member.kind) {
    case 'text':
      return member.content.length;
    case 'payload':
      return member.file.sizeBytes;
    case 'manifest':
    case 'tag-manifest':
      return member.size;
    case 'directory':
      return 0;
  }
}

const RESERVED_TAG_FILE = /^(bagit\.txt|bag-info\.txt|fetch\.txt|(tag)?manifest-[^/]*\.txt)$/;

function isSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Every reason the plan cannot become a conformant, readable bag; empty when it can. */
function planViolations(plan: BagPlan, algorithms: readonly BagDigestAlgorithm[]): Violation[] {
  const violations: Violation[] = [];
  const add = (path: string, message: string): void => {
    violations.push({ path, message });
  };
  if (plan.name === '' || /[/\0\r\n]/.test(plan.name) || plan.name === '.' || plan.name === '..') {
    add('name', 'must be a single, non-empty path segment');
  }
  if (algorithms.length === 0) add('algorithms', 'at least one algorithm is needed');
  algorithms.forEach((algorithm, index) => {
    if (!isWritableAlgorithm(algorithm))
      add(`algorithms/${index}`, `unsupported algorithm ${String(algorithm)}`);
    if (algorithms.indexOf(algorithm) !== index) add(`algorithms/${index}`, `${algorithm} appears twice`);
  });
  const seconds = Math.floor(plan.modifiedAt.getTime() / 1000);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > USTAR_MAX_SIZE) {
    add('modifiedAt', 'must be a valid date between 1970 and the year 10,000');
  }
  plan.bagInfo.forEach(([label, value], index) => {
    const fault = bagInfoEntryFault(label, value);
    if (fault !== undefined) add(`bagInfo/${index}`, fault);
  });

  // Every payload path, fetched ones included, names one file: no duplicates, no file that is also a folder.
  const payloadPaths = new Map<string, string>();
  const claim = (path: string, where: string): void => {
    const fault = relativePathFault(path);
    if (fault !== undefined) {
      add(where, `path ${JSON.stringify(path)} ${fault}`);
      return;
    }
    const other = payloadPaths.get(path);
    if (other !== undefined) add(where, `path ${JSON.stringify(path)} is also used by ${other}`);
    payloadPaths.set(path, where);
  };
  plan.payload.forEach((file, index) => {
    claim(file.path, `payload/${index}`);
    if (!isSize(file.sizeBytes)) add(`payload/${index}/sizeBytes`, 'must be a non-negative integer');
    for (const [algorithm, digest] of Object.entries(file.expectedDigests ?? {})) {
      if (!isWritableAlgorithm(algorithm) || !isDigestOf(algorithm, digest)) {
        add(`payload/${index}/expectedDigests/${algorithm}`, 'is not a hex digest of a supported algorithm');
      }
    }
  });
  (plan.fetch ?? []).forEach((entry, index) => {
    claim(entry.path, `fetch/${index}`);
    if (entry.url === '' || /\s/.test(entry.url))
      add(`fetch/${index}/url`, 'must be non-empty, without whitespace');
    if (entry.sizeBytes !== null && !isSize(entry.sizeBytes)) {
      add(`fetch/${index}/sizeBytes`, 'must be null or a non-negative integer');
    }
    for (const algorithm of algorithms) {
      const digest = entry.digests[algorithm] as string | undefined;
      if (digest === undefined || !isDigestOf(algorithm, digest)) {
        add(`fetch/${index}/digests/${algorithm}`, 'a hex digest is needed for every algorithm of the bag');
      }
    }
  });
  for (const path of payloadPaths.keys()) {
    const segments = path.split('/');
    for (let length = 1; length < segments.length; length += 1) {
      const folder = segments.slice(0, length).join('/');
      const owner = payloadPaths.get(folder);
      if (owner !== undefined) add(owner, `path ${JSON.stringify(folder)} is also a folder of ${path}`);
    }
  }

  const tagPaths = new Set<string>();
  plan.tagFiles.forEach((tag, index) => {
    const fault = relativePathFault(tag.path);
    if (fault !== undefined) add(`tagFiles/${index}`, `path ${JSON.stringify(tag.path)} ${fault}`);
    else if (tag.path === 'data' || tag.path.startsWith('data/'))
      add(`tagFiles/${index}`, 'must not be under data/');
    else if (RESERVED_TAG_FILE.test(tag.path))
      add(`tagFiles/${index}`, `${tag.path} is written by the bag writer`);
    else if (tagPaths.has(tag.path)) add(`tagFiles/${index}`, `${tag.path} appears twice`);
    tagPaths.add(tag.path);
  });
  for (const path of tagPaths) {
    const segments = path.split('/');
    for (let length = 1; length < segments.length; length += 1) {
      const folder = segments.slice(0, length).join('/');
      if (tagPaths.has(folder)) add('tagFiles', `${folder} is both a tag file and a folder of ${path}`);
    }
  }
  return violations;
}

function computedOxum(plan: BagPlan): PayloadOxum | undefined {
  let octets = 0;
  for (const file of plan.payload) octets += file.sizeBytes;
  for (const entry of plan.fetch ?? []) {
    if (entry.sizeBytes === null) return undefined;
    octets += entry.sizeBytes;
  }
  return { octets, streamCount: plan.payload.length + (plan.fetch?.length ?? 0) };
}

function manifestSize(plan: BagPlan, algorithm: BagDigestAlgorithm): number {
  const hex = '0'.repeat(digestHexLength(algorithm));
  let size = 0;
  for (const { path } of [...plan.payload, ...(plan.fetch ?? [])]) {
    size += Buffer.byteLength(manifestLine(hex, `data/${path}`));
  }
  return size;
}

function tarSize(name: string, members: readonly BagMember[]): number {
  let size = 2 * TAR_BLOCK_SIZE;
  for (const member of members) {
    const memberSize = bagMemberSize(member);
    const path = member.kind === 'directory' ? `${name}/${member.path}/` : `${name}/${member.path}`;
    size += tarHeaderSize(path, memberSize) + memberSize + paddingAfter(memberSize);
  }
  return size;
}

/** Checks a plan and fixes every member's path, order and size. Throws BagPlanError listing all faults. */
export function layOutBag(plan: BagPlan): BagLayout {
  const algorithms = plan.algorithms ?? BAG_DIGEST_ALGORITHMS;
  const violations = planViolations(plan, algorithms);
  const oxum = computedOxum(plan);
  const givenOxum = bagInfoValues(plan.bagInfo, 'Payload-Oxum');
  if (givenOxum.length > 1) violations.push({ path: 'bagInfo', message: 'Payload-Oxum appears twice' });
  const given = givenOxum[0];
  if (given === undefined && oxum === undefined) {
    violations.push({
      path: 'fetch',
      message:
        'Payload-Oxum cannot be computed while a fetched file has no size: give its size or Payload-Oxum',
    });
  }
  if (given !== undefined) {
    const parsed = parsePayloadOxum(given);
    if (parsed === undefined)
      violations.push({ path: 'bagInfo', message: `Payload-Oxum ${given} is malformed` });
    else if (oxum !== undefined && formatPayloadOxum(parsed) !== formatPayloadOxum(oxum)) {
      violations.push({
        path: 'bagInfo',
        message: `Payload-Oxum ${given} differs from the payload's ${formatPayloadOxum(oxum)}`,
      });
    }
  }
  if (violations.length > 0) throw new BagPlanError(violations);
  const payloadOxum = oxum ?? parsePayloadOxum(given ?? '') ?? { octets: 0, streamCount: 0 };

  const fetch = plan.fetch ?? [];
  const text = (path: string, content: string | Buffer): BagMember => ({
    kind: 'text',
    path,
    content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  });
  const membersWith = (bagInfo: string): BagMember[] => {
    const members: BagMember[] = [text('bagit.txt', BAGIT_TXT), text('bag-info.txt', bagInfo)];
    if (plan.payload.length === 0) members.push({ kind: 'directory', path: 'data' });
    for (const file of plan.payload) members.push({ kind: 'payload', path: `data/${file.path}`, file });
    for (const algorithm of algorithms) {
      members.push({
        kind: 'manifest',
        path: `manifest-${algorithm}.txt`,
        algorithm,
        size: manifestSize(plan, algorithm),
      });
    }
    if (fetch.length > 0) {
      members.push(
        text(
          'fetch.txt',
          fetch.map((entry) => fetchLine(entry.url, entry.sizeBytes, `data/${entry.path}`)).join(''),
        ),
      );
    }
    for (const tag of plan.tagFiles) members.push(text(tag.path, tag.content));
    const listed = members.filter((member) => member.kind === 'text' || member.kind === 'manifest');
    for (const algorithm of algorithms) {
      const hexLength = digestHexLength(algorithm);
      let size = 0;
      for (const member of listed) size += hexLength + 3 + Buffer.byteLength(encodeBagPath(member.path));
      members.push({ kind: 'tag-manifest', path: `tagmanifest-${algorithm}.txt`, algorithm, size });
    }
    return members;
  };

  const bagInfo = [...plan.bagInfo];
  if (given === undefined) bagInfo.push(['Payload-Oxum', formatPayloadOxum(payloadOxum)]);
  const hasBagSize = bagInfoValues(plan.bagInfo, 'Bag-Size').length > 0;
  let members = membersWith(serialiseBagInfo(bagInfo));
  if (!hasBagSize) {
    // Bag-Size is part of the bag it measures: settle on a value whose rounding the bag it ends up in
    // confirms. A handful of rounds at most, since only a 512-byte step can change the size.
    let size = tarSize(plan.name, members);
    for (let round = 0; round < 8; round += 1) {
      members = membersWith(serialiseBagInfo([...bagInfo, ['Bag-Size', formatBagSize(size)]]));
      const next = tarSize(plan.name, members);
      if (formatBagSize(next) === formatBagSize(size)) break;
      size = Math.max(size, next);
    }
  }
  return {
    name: plan.name,
    algorithms,
    members,
    fetch,
    payloadOxum,
    mtime: Math.floor(plan.modifiedAt.getTime() / 1000),
    tarSizeBytes: tarSize(plan.name, members),
  };
}

/** Lines of a payload manifest, in plan order, fetched files last. */
export function renderManifest(
  layout: BagLayout,
  algorithm: BagDigestAlgorithm,
  payloadDigests: ReadonlyMap<string, Readonly<Record<BagDigestAlgorithm, string>>>,
): Buffer {
  const lines: string[] = [];
  for (const member of layout.members) {
    if (member.kind !== 'payload') continue;
    const digest = payloadDigests.get(member.file.path)?.[algorithm];
    if (digest === undefined) throw new Error(`no ${algorithm} digest for ${member.path}`);
    lines.push(manifestLine(digest, member.path));
  }
  for (const entry of layout.fetch) {
    lines.push(manifestLine(entry.digests[algorithm].toLowerCase(), `data/${entry.path}`));
  }
  return Buffer.from(lines.join(''), 'utf8');
}

/** Lines of a tag manifest over every tag file but the tag manifests, in the order they are written. */
export function renderTagManifest(
  algorithm: BagDigestAlgorithm,
  tagDigests: ReadonlyArray<readonly [path: string, digests: Readonly<Record<BagDigestAlgorithm, string>>]>,
): Buffer {
  return Buffer.from(
    tagDigests.map(([path, digests]) => manifestLine(digests[algorithm], path)).join(''),
    'utf8',
  );
}

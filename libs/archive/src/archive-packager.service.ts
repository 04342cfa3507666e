import { createHash } from 'node:crypto';
import { type Readable, Transform, pipeline } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ArchivalRelease, ArchivalReleaseService, type FileRecord } from '@apdc/catalogue';
import { ARCHIVE_PACKAGE_QUEUE, type ArchivePackageRequest, JobQueue } from '@apdc/jobs';
import type { ReleaseFile } from '@apdc/metadata';
import { ObjectArchivedError, ObjectNotFoundError, ObjectStore, type StoredObject } from '@apdc/object-store';
import { Clock } from '@apdc/platform';
import { type BagPlan, packBagAsTar, tarBagSize } from './bagit/index.js';
import { ARCHIVE_AGENT, ARCHIVE_POLICIES, ARCHIVE_SOFTWARE } from './archive-tokens.js';
import {
  ArchiveRepository,
  type BagRecord,
  type CopyRecord,
  type PackageRecord,
} from './archive.repository.js';
import { archivalBagInfo, archivalTagFiles, splitIntoBags } from './packaging/index.js';
import type { ArchivePolicy, ArchivePolicySet } from './policy/index.js';
import type { PremisEvent } from './premis/index.js';
import { CopyVerificationError } from './errors.js';

/**
 * Turns a released version into its archival package: plans the bags (freezing what they say besides
 * their payload), then writes every copy its policy asks for and verifies each in place before counting
 * it. Idempotent: run it again after a crash at any point and it finishes what is missing.
 */
@Injectable()
export class ArchivePackager {
  private readonly logger = new Logger(ArchivePackager.name);

  constructor(
    private readonly repository: ArchiveRepository,
    private readonly releases: ArchivalReleaseService,
    private readonly store: ObjectStore,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    @Inject(ARCHIVE_POLICIES) private readonly policies: ArchivePolicySet,
  ) {}

  /** Archives the current revision of a version; returns the package, or undefined when there is nothing to do. */
  async archive(versionId: string): Promise<PackageRecord | undefined> {
    const release = await this.releases.release(versionId);
    if (release === undefined || release.state === 'draft') return undefined;
    const policy = this.policies.forRelease(release);
    let pkg = await this.repository.transaction((manager) =>
      this.repository.createPackage(manager, {
        versionId,
        revision: release.revision,
        policyId: policy.id,
        policySha256: policy.sha256,
        maxBagBytes: policy.maxBagBytes,
      }),
    );
    if (pkg.state === 'stored') return pkg;
    const packagePolicy = this.policies.byId(pkg.policyId) ?? policy;
    const now = this.clock.now();
    if (
      packagePolicy.embargo === 'defer' &&
      release.embargoUntil !== null &&
      release.embargoUntil.getTime() > now.getTime()
    ) {
      await this.defer(pkg, release.embargoUntil);
      return this.repository.packageById(pkg.id);
    }
    const outcome = await this.repository.withExclusiveLock(`archive-package:${pkg.id}`, async () => {
      // Another worker may have finished it between our first look and the lock.
      if ((await this.repository.packageById(pkg.id))?.state === 'stored') return true;
      await this.repository.transaction((manager) =>
        this.repository.setPackageState(manager, pkg.id, 'packing'),
      );
      try {
        await this.place(pkg, release, packagePolicy);
      } catch (error) {
        await this.repository.transaction((manager) =>
          this.repository.setPackageState(manager, pkg.id, 'failed', { lastError: (error as Error).message }),
        );
        throw error;
      }
      return true;
    });
    if (outcome === undefined) this.logger.log(`package ${pkg.id} is being packed by another worker`);
    pkg = (await this.repository.packageById(pkg.id)) ?? pkg;
    return pkg;
  }

  private async defer(pkg: PackageRecord, until: Date): Promise<void> {
    await this.repository.transaction(async (manager) => {
      await this.repository.setPackageState(manager, pkg.id, 'deferred', { deferredUntil: until });
      const request: ArchivePackageRequest = { versionId: pkg.versionId };
      // A key of its own: the queue keeps one waiting job per key, and an immediate one may be waiting too.
      await this.jobs.enqueueCoalesced(manager, ARCHIVE_PACKAGE_QUEUE, request, `deferred:${pkg.versionId}`, {
        startAfterSeconds: (until.getTime() - this.clock.now().getTime()) / 1000 + 1,
      });
    });
  }

  private async place(pkg: PackageRecord, release: ArchivalRelease, policy: ArchivePolicy): Promise<void> {
    const groups = splitIntoBags(release.files, pkg.maxBagBytes);
    let bags = await this.repository.bagsOfPackage(pkg.id);
    if (bags.length === 0) {
      await this.planBags(pkg, release, policy, groups);
      bags = await this.repository.bagsOfPackage(pkg.id);
    }
    for (const planned of bags) {
      const files = groups[planned.index - 1] ?? [];
      for (const copy of await this.repository.copiesOfBag(planned.id)) {
        if (copy.state !== 'pending') continue;
        // Re-read: the bag's SHA-256 is recorded by the first copy written.
        const bag = (await this.repository.bagById(planned.id)) ?? planned;
        await this.writeCopy(pkg, bag, copy, files);
      }
    }
    await this.repository.transaction(async (manager) => {
      const stillPending = (
        await Promise.all(bags.map((bag) => this.repository.copiesOfBag(bag.id, manager)))
      ).flat();
      if (stillPending.some((copy) => copy.state === 'pending')) {
        throw new CopyVerificationError('some copies could not be placed');
      }
      await this.repository.setPackageState(manager, pkg.id, 'stored');
      await this.repository.insertEvent(manager, {
        packageId: pkg.id,
        bagId: null,
        copyId: null,
        type: 'ingestion',
        detail:
          `package of version ${release.versionNumber} revision ${release.revision} ingested: ` +
          `${bags.length} bag(s), ${stillPending.length} copies, policy ${policy.id} (sha256 ${pkg.policySha256})`,
        outcome: 'success',
        outcomeDetail: null,
        agent: ARCHIVE_AGENT,
        linkedObjects: [pkg.id, ...(release.record.doi === null ? [] : [`doi:${release.record.doi}`])],
      });
    });
    this.logger.log(`package ${pkg.id} stored (${bags.length} bag(s))`);
  }

  /** Freezes the bags of a package: names, bag-info, tag files, sizes, and one copy row per policy copy. */
  private async planBags(
    pkg: PackageRecord,
    release: ArchivalRelease,
    policy: ArchivePolicy,
    groups: readonly (readonly FileRecord[])[],
  ): Promise<void> {
    const baseName = bagBaseName(release);
    await this.repository.transaction(async (manager) => {
      for (const [position, files] of groups.entries()) {
        const index = position + 1;
        const name = groups.length === 1 ? baseName : `${baseName}-bag${index}of${groups.length}`;
        const input = {
          packageId: pkg.id,
          createdAt: pkg.createdAt,
          bagIndex: index,
          bagCount: groups.length,
          record: release.record,
          canonicalJsonLd: release.canonicalJsonLd,
          files: files.map((file) => toReleaseFile(release, file)),
          events: packingEvents(pkg, index),
          software: ARCHIVE_SOFTWARE,
        };
        const bagInfo = archivalBagInfo(input);
        const tagFiles = archivalTagFiles(input).map((tag) => ({ path: tag.path, content: tag.content }));
        const plan = this.planFor({ name, bagInfo, tagFiles }, files, pkg.createdAt);
        await this.repository.insertBag(manager, {
          packageId: pkg.id,
          index,
          count: groups.length,
          name,
          payloadFiles: files.length,
          payloadBytes: files.reduce((sum, file) => sum + file.sizeBytes, 0),
          tarBytes: tarBagSize(plan),
          bagInfo,
          tagFiles,
        });
      }
      for (const bag of await this.repository.bagsOfPackage(pkg.id, manager)) {
        for (const copy of policy.copies) {
          await this.repository.insertCopy(manager, {
            bagId: bag.id,
            name: copy.id,
            storageClass: copy.storageClass,
            objectKey: `archive/${pkg.id}/${copy.id}/${bag.name}.tar`,
            auditMethod: copy.audit.method,
            auditIntervalSeconds: copy.audit.intervalSeconds,
            sampledRecallFraction: copy.audit.sampledRecallFraction,
          });
        }
      }
    });
  }

  /** The bag as planned, its payload read from the catalogue's stored files and checked against their digests. */
  planFor(
    bag: Pick<BagRecord, 'name' | 'bagInfo' | 'tagFiles'>,
    files: readonly FileRecord[],
    modifiedAt: Date,
  ): BagPlan {
    return {
      name: bag.name,
      bagInfo: bag.bagInfo,
      payload: files.map((file) => ({
        path: file.path,
        sizeBytes: file.sizeBytes,
        open: () => this.store.get(file.storageKey),
        expectedDigests: { sha256: file.sha256, sha512: file.sha512 },
      })),
      tagFiles: bag.tagFiles,
      modifiedAt,
    };
  }

  /**
   * Writes one copy: replicated from a readable stored copy of the bag when there is one, else packed
   * from the stored files. Counted as stored only when its size and SHA-256 match the bag and the store
   * reports the object with the checksum it returned on writing.
   */
  private async writeCopy(
    pkg: PackageRecord,
    bag: BagRecord,
    copy: CopyRecord,
    files: readonly FileRecord[],
  ): Promise<void> {
    const { stored, offsets, source } = await this.writeBagBytes(pkg, bag, copy, files);
    const problems: string[] = [];
    if (stored.sizeBytes !== bag.tarBytes)
      problems.push(`size ${stored.sizeBytes}, expected ${bag.tarBytes}`);
    if (bag.tarSha256 !== null && stored.sha256 !== bag.tarSha256)
      problems.push(`SHA-256 ${stored.sha256}, expected ${bag.tarSha256}`);
    const placed = await this.store.head(copy.objectKey);
    if (placed === undefined) problems.push('the store does not report the object after writing it');
    else if (placed.serverChecksum !== stored.serverChecksum)
      problems.push(
        `the store reports checksum ${placed.serverChecksum}, it returned ${stored.serverChecksum}`,
      );
    const firstOfBag = bag.tarSha256 === null;
    await this.repository.transaction(async (manager) => {
      if (problems.length > 0) {
        await this.repository.insertEvent(manager, {
          packageId: pkg.id,
          bagId: bag.id,
          copyId: copy.id,
          type: 'replication',
          detail: `copy ${copy.name} of ${bag.name} to ${copy.objectKey} (${copy.storageClass})`,
          outcome: 'failure',
          outcomeDetail: problems.join('; '),
          agent: ARCHIVE_AGENT,
          linkedObjects: [pkg.id, copy.objectKey],
        });
        return;
      }
      await this.repository.setBagSha256(manager, bag.id, stored.sha256);
      if (offsets !== undefined) {
        await this.repository.insertBagFiles(
          manager,
          bag.id,
          files.map((file) => ({
            path: file.path,
            offset: offsets.get(file.path) ?? -1,
            sizeBytes: file.sizeBytes,
          })),
        );
      }
      if (firstOfBag) {
        await this.repository.insertEvent(manager, {
          packageId: pkg.id,
          bagId: bag.id,
          copyId: null,
          type: 'creation',
          detail: `BagIt bag ${bag.index} of ${bag.count} (${bag.name}) packed from ${bag.payloadFiles} stored file(s), ${bag.payloadBytes} payload bytes`,
          outcome: 'success',
          outcomeDetail: null,
          agent: ARCHIVE_AGENT,
          linkedObjects: [pkg.id, bag.name],
        });
        await this.repository.insertEvent(manager, {
          packageId: pkg.id,
          bagId: bag.id,
          copyId: null,
          type: 'message digest calculation',
          detail:
            `SHA-512 and SHA-256 of ${bag.payloadFiles} payload file(s) computed while packing, equal to the digests recorded on upload; ` +
            `SHA-256 of the serialized bag ${stored.sha256}`,
          outcome: 'success',
          outcomeDetail: null,
          agent: ARCHIVE_AGENT,
          linkedObjects: [pkg.id, bag.name],
        });
      }
      await this.repository.markCopyStored(manager, copy.id, {
        sha256: stored.sha256,
        serverChecksum: stored.serverChecksum,
        sizeBytes: stored.sizeBytes,
      });
      await this.repository.insertEvent(manager, {
        packageId: pkg.id,
        bagId: bag.id,
        copyId: copy.id,
        type: 'replication',
        detail:
          `copy ${copy.name} of ${bag.name} written to ${copy.objectKey} (${copy.storageClass}), ${stored.sizeBytes} bytes, ` +
          `${source}; verified in place`,
        outcome: 'success',
        outcomeDetail: `sha256 ${stored.sha256}`,
        agent: ARCHIVE_AGENT,
        linkedObjects: [pkg.id, copy.objectKey],
      });
    });
    if (problems.length > 0) {
      throw new CopyVerificationError(`copy ${copy.name} of ${bag.name}: ${problems.join('; ')}`);
    }
  }

  /**
   * Writes the bag's bytes under `copy`'s key: replicated from a readable stored copy, else packed anew
   * from the stored files. Once the bag's SHA-256 is known, the bytes are checked as they stream and a
   * mismatch fails the write before it completes, so the object under the key is never replaced by other
   * bytes; a source copy found bad on the way is marked damaged and audited soon. Without `files`, the
   * bag's stored files are looked up only if it has to be packed anew.
   */
  async writeBagBytes(
    pkg: PackageRecord,
    bag: BagRecord,
    copy: CopyRecord,
    files?: readonly FileRecord[],
  ): Promise<{ stored: StoredObject; offsets: ReadonlyMap<string, number> | undefined; source: string }> {
    const options = { storageClass: copy.storageClass, sizeBytes: bag.tarBytes };
    if (bag.tarSha256 !== null) {
      for (const candidate of await this.repository.copiesOfBag(bag.id)) {
        if (candidate.id === copy.id || candidate.state !== 'stored') continue;
        let stream: Readable;
        try {
          stream = await this.store.get(candidate.objectKey);
        } catch (error) {
          if (error instanceof ObjectArchivedError || error instanceof ObjectNotFoundError) continue;
          throw error;
        }
        try {
          const stored = await this.store.put(copy.objectKey, verifiedBytes(stream, bag), options);
          return { stored, offsets: undefined, source: `replicated from copy ${candidate.name}` };
        } catch (error) {
          stream.destroy();
          if (!(error instanceof CopyVerificationError)) throw error;
          await this.suspect(
            pkg,
            bag,
            candidate,
            `while it was read to write copy ${copy.name}: ${error.message}`,
          );
        }
      }
    }
    const packed = packBagAsTar(this.planFor(bag, files ?? (await this.filesOfBag(pkg, bag)), pkg.createdAt));
    const body = bag.tarSha256 === null ? packed.stream : verifiedBytes(packed.stream, bag);
    const [stored, result] = await Promise.all([
      this.store.put(copy.objectKey, body, options),
      packed.result,
    ]);
    return { stored, offsets: result.payloadOffsets, source: 'packed from the stored files' };
  }

  /** The stored files a bag holds: its share of the version's files, split as when it was planned. */
  private async filesOfBag(pkg: PackageRecord, bag: BagRecord): Promise<readonly FileRecord[]> {
    const release = await this.releases.release(pkg.versionId);
    if (release === undefined) throw new Error('the package no longer has a version');
    return splitIntoBags(release.files, pkg.maxBagBytes)[bag.index - 1] ?? [];
  }

  /** A copy whose bytes proved wrong outside an audit: damaged, and due for an audit (which repairs it) now. */
  private async suspect(pkg: PackageRecord, bag: BagRecord, copy: CopyRecord, why: string): Promise<void> {
    this.logger.warn(`copy ${copy.objectKey} is not what was stored ${why}`);
    await this.repository.transaction(async (manager) => {
      await this.repository.markCopyDamaged(manager, copy.id, { auditNow: true });
      await this.repository.insertEvent(manager, {
        packageId: pkg.id,
        bagId: bag.id,
        copyId: copy.id,
        type: 'fixity check',
        detail: `copy ${copy.name} of ${bag.name} at ${copy.objectKey} checked ${why}`,
        outcome: 'failure',
        outcomeDetail: 'SHA-256 of the bytes read differs from the bag',
        agent: ARCHIVE_AGENT,
        linkedObjects: [pkg.id, copy.objectKey],
      });
    });
  }
}

/**
 * `source`, failing with a {@link CopyVerificationError} at its end unless it held exactly the bag's
 * bytes: a store then keeps nothing of it (a body that fails midway is never stored).
 */
function verifiedBytes(source: Readable, bag: Pick<BagRecord, 'tarSha256' | 'tarBytes' | 'name'>): Readable {
  const hash = createHash('sha256');
  let length = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      length += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      const sha256 = hash.digest('hex');
      if (sha256 === bag.tarSha256 && length === bag.tarBytes) done();
      else
        done(
          new CopyVerificationError(
            `bytes of ${bag.name} have SHA-256 ${sha256} and ${length} bytes, expected ${bag.tarSha256} and ${bag.tarBytes}`,
          ),
        );
    },
  });
  return pipeline(source, check, () => undefined);
}

/** A bag name a person can read: the version's DOI suffix or dataset id, version and revision. */
function bagBaseName(release: ArchivalRelease): string {
  const identity = (release.record.doi ?? release.datasetId).replace(/[^A-Za-z0-9._-]+/g, '_');
  return `apdc_${identity}_v${release.versionNumber}_r${release.revision}`;
}

function toReleaseFile(release: ArchivalRelease, file: FileRecord): ReleaseFile {
  const known = release.record.files.find((candidate) => candidate.path === file.path);
  return {
    path: file.path,
    sizeBytes: file.sizeBytes,
    mediaType: file.mediaType,
    sha256: file.sha256,
    sha512: file.sha512,
    url: known?.url ?? release.record.landingPage,
  };
}

/** The events the bag itself records: its creation, and the digests computed while packing it. */
function packingEvents(pkg: PackageRecord, bagIndex: number): PremisEvent[] {
  const objects = [`urn:uuid:${pkg.id}`];
  return [
    {
      id: derivedUuid(pkg.id, `creation-${bagIndex}`),
      type: 'creation',
      at: pkg.createdAt,
      detail: 'BagIt bag packed from the files stored in the catalogue',
      outcome: 'success',
      outcomeDetail: null,
      agent: ARCHIVE_AGENT,
      objects,
    },
    {
      id: derivedUuid(pkg.id, `digests-${bagIndex}`),
      type: 'message digest calculation',
      at: pkg.createdAt,
      detail: 'SHA-512 and SHA-256 of every payload file, checked against the digests recorded on upload',
      outcome: 'success',
      outcomeDetail: null,
      agent: ARCHIVE_AGENT,
      objects,
    },
  ];
}

/** A stable UUID (version 8, name-based) so that packing the same bag twice gives the same bytes. */
function derivedUuid(base: string, name: string): string {
  const hex = createHash('sha256').update(`${base}/${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

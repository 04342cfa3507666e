import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ArchiveAuditView,
  ArchiveEventView,
  ArchiveOverviewItem,
  ArchiveStatusView,
  CopyStatusView,
  PackageStatusView,
  RetrievalView,
} from '@apdc/archive';
import type { Serialized } from '../http/json-response.js';

// Documentation of the views the archive services return (libs/archive).

export class ArchiveLastAuditDto {
  @ApiProperty({ example: '2026-11-25T03:00:00.000Z' })
  at!: string;

  @ApiProperty({ enum: ['passed', 'failed', 'repaired'] })
  outcome!: string;
}

export class ArchiveCopyDto implements Serialized<CopyStatusView> {
  @ApiProperty({ example: 'tape', description: 'Copy id in the archive policy' })
  name!: string;

  @ApiProperty({ example: 'DEEP_ARCHIVE' })
  storageClass!: string;

  @ApiProperty({ example: 'archive/0b6d…/tape/apdc_10.5072_apdc-x1_v1_r0.tar' })
  objectKey!: string;

  @ApiProperty({
    enum: ['pending', 'stored', 'damaged', 'deleted'],
    description:
      'pending until written and verified in place; damaged after a failed audit until repaired; deleted by a retention rule',
  })
  state!: string;

  @ApiProperty({ type: Number, nullable: true })
  sizeBytes!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 (hex) of the stored tar' })
  sha256!: string | null;

  @ApiProperty({ type: String, nullable: true })
  storedAt!: string | null;

  @ApiProperty({ enum: ['rehash', 'stored-checksum'] })
  auditMethod!: string;

  @ApiProperty({ example: 2592000 })
  auditIntervalSeconds!: number;

  @ApiProperty({ type: ArchiveLastAuditDto, nullable: true })
  lastAudit!: ArchiveLastAuditDto | null;

  @ApiProperty({ type: String, nullable: true })
  nextAuditAt!: string | null;
}

export class ArchiveBagDto {
  @ApiProperty({ example: 1 })
  index!: number;

  @ApiProperty({ example: 1, description: 'Bags in the group (Bag-Count)' })
  count!: number;

  @ApiProperty({ example: 'apdc_10.5072_apdc-x1_v1_r0' })
  name!: string;

  @ApiProperty()
  payloadFiles!: number;

  @ApiProperty()
  payloadBytes!: number;

  @ApiProperty({ description: 'Size of the tar serialization' })
  sizeBytes!: number;

  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 (hex) of the tar serialization' })
  sha256!: string | null;

  @ApiProperty({ type: [ArchiveCopyDto] })
  copies!: ArchiveCopyDto[];
}

export class ArchivePolicyRefDto {
  @ApiProperty({ example: 'standard' })
  id!: string;

  @ApiProperty({ description: 'SHA-256 of the policy file the package was planned under' })
  sha256!: string;
}

export class ArchivePackageDto implements Serialized<PackageStatusView> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Metadata revision of the version this package holds' })
  revision!: number;

  @ApiProperty({ type: ArchivePolicyRefDto })
  policy!: ArchivePolicyRefDto;

  @ApiProperty({ enum: ['deferred', 'packing', 'stored', 'failed', 'deleted'] })
  state!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true })
  storedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Set while packing waits for the end of an embargo',
  })
  deferredUntil!: string | null;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: [ArchiveBagDto] })
  bags!: ArchiveBagDto[];
}

export class ArchiveStatusDto implements Serialized<ArchiveStatusView> {
  @ApiProperty({ format: 'uuid' })
  datasetId!: string;

  @ApiProperty()
  versionNumber!: number;

  @ApiProperty({ type: [ArchivePackageDto], description: 'Newest revision first' })
  packages!: ArchivePackageDto[];
}

export class ArchiveEventDto implements Serialized<ArchiveEventView> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  packageId!: string;

  @ApiProperty({
    description: 'PREMIS event type (Library of Congress vocabulary)',
    enum: ['creation', 'message digest calculation', 'replication', 'fixity check', 'ingestion', 'deletion'],
  })
  type!: string;

  @ApiProperty()
  at!: string;

  @ApiProperty()
  detail!: string;

  @ApiProperty({ enum: ['success', 'failure', 'warning'] })
  outcome!: string;

  @ApiProperty({ type: String, nullable: true })
  outcomeDetail!: string | null;

  @ApiProperty({ example: 'APDC 0.1.0' })
  agent!: string;

  @ApiProperty({ type: [String] })
  linkedObjects!: string[];
}

export class ArchiveEventPageDto {
  @ApiProperty({ type: [ArchiveEventDto] })
  items!: ArchiveEventDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ArchiveAuditProblemDto {
  @ApiProperty({ example: 'payload-digest-mismatch' })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({ example: 'data/events.csv' })
  path?: string;

  @ApiPropertyOptional()
  expected?: string;

  @ApiPropertyOptional()
  actual?: string;
}

export class ArchiveAuditDto implements Serialized<ArchiveAuditView> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'disk' })
  copy!: string;

  @ApiProperty()
  bagIndex!: number;

  @ApiProperty({ enum: ['rehash', 'stored-checksum', 'recall'] })
  method!: string;

  @ApiProperty({ enum: ['queued', 'recalling', 'passed', 'failed', 'repaired'] })
  state!: string;

  @ApiProperty()
  queuedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: [ArchiveAuditProblemDto] })
  problems!: ArchiveAuditProblemDto[];
}

export class ArchiveAuditPageDto {
  @ApiProperty({ type: [ArchiveAuditDto] })
  items!: ArchiveAuditDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ArchiveAuditRequestedDto {
  @ApiProperty({ type: [String], description: 'One audit per stored copy' })
  auditIds!: string[];
}

export class RetrievalBagDto {
  @ApiProperty()
  index!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  sizeBytes!: number;

  @ApiProperty({ type: String, nullable: true })
  sha256!: string | null;

  @ApiProperty({ example: 'tape' })
  copy!: string;

  @ApiProperty({ example: 'DEEP_ARCHIVE' })
  storageClass!: string;

  @ApiProperty({ example: '/api/v1/archive/retrievals/…/bags/1' })
  href!: string;
}

export class RetrievalDto implements Serialized<RetrievalView> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  datasetId!: string;

  @ApiProperty()
  versionNumber!: number;

  @ApiProperty({ format: 'uuid' })
  packageId!: string;

  @ApiProperty()
  revision!: number;

  @ApiProperty({ enum: ['recalling', 'ready', 'failed'] })
  state!: string;

  @ApiProperty()
  requestedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  readyAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When a recalled tape copy stops being readable',
  })
  expiresAt!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  retryAfterSeconds!: number | null;

  @ApiProperty({ type: [RetrievalBagDto] })
  bags!: RetrievalBagDto[];

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;
}

export class ArchiveOverviewItemDto implements Serialized<ArchiveOverviewItem> {
  @ApiProperty({ format: 'uuid' })
  packageId!: string;

  @ApiProperty({ format: 'uuid' })
  datasetId!: string;

  @ApiProperty()
  versionNumber!: number;

  @ApiProperty()
  revision!: number;

  @ApiProperty({ example: 'standard' })
  policy!: string;

  @ApiProperty({ enum: ['deferred', 'packing', 'stored', 'failed', 'deleted'] })
  state!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true })
  storedAt!: string | null;

  @ApiProperty({ description: 'Copies of all its bags' })
  copies!: number;

  @ApiProperty()
  storedCopies!: number;

  @ApiProperty()
  damagedCopies!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Least recent audit of any copy; null if one never was',
  })
  oldestAuditAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  nextAuditAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;
}

export class ArchiveOverviewPageDto {
  @ApiProperty({ type: [ArchiveOverviewItemDto] })
  items!: ArchiveOverviewItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

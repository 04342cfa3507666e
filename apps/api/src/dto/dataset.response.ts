import { ApiProperty } from '@nestjs/swagger';
import type { AuditEntry } from '@apdc/audit';
import type { DatasetView, VersionService, VersionSummaryView, VersionView } from '@apdc/catalogue';
import type { DoiStatus } from '@apdc/catalogue';
import type { Affiliation, Creator, ReleaseRelation } from '@apdc/metadata';
import type { Serialized } from '../http/json-response.js';
import { ListOf, PageOf } from './page.response.js';

// Documentation of the views the catalogue services return (libs/catalogue/src/release.view.ts).

type VersionState = VersionView['state'];
/** Every state; `satisfies` makes the compiler report one missing here. */
const VERSION_STATES = Object.keys({ draft: 0, published: 0, withdrawn: 0 } satisfies Record<
  VersionState,
  0
>);

type Revision = Awaited<ReturnType<VersionService['revisions']>>[number];

export class AffiliationDto implements Affiliation {
  @ApiProperty({ example: 'Karlsruhe Institute of Technology' })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'ROR id without https://ror.org/',
    example: '04t3en479',
  })
  ror!: string | null;
}

export class CreatorDto implements Creator {
  @ApiProperty({ enum: ['person', 'organization'] })
  kind!: Creator['kind'];

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  givenName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  familyName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Bare ORCID iD', example: '0000-0002-1825-0097' })
  orcid!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'ROR id of an organisation that is a creator' })
  ror!: string | null;

  @ApiProperty({ type: [AffiliationDto] })
  affiliations!: AffiliationDto[];
}

export class ReleaseRelationDto implements ReleaseRelation {
  @ApiProperty({ description: 'DataCite relationType', example: 'IsDerivedFrom' })
  relationType!: string;

  @ApiProperty({ example: '10.7910/dvn/scrucd' })
  identifier!: string;

  @ApiProperty({ enum: ['DOI', 'URL', 'arXiv'] })
  identifierType!: ReleaseRelation['identifierType'];
}

export class SoftwareViewDto {
  @ApiProperty({ example: 'KRETA' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: '1.18.05' })
  version!: string | null;
}

export class VersionSummaryViewDto implements VersionSummaryView {
  @ApiProperty({ type: 'integer', example: 1 })
  number!: number;

  @ApiProperty({ enum: VERSION_STATES })
  state!: VersionState;

  @ApiProperty({ type: String, nullable: true })
  title!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'DR1' })
  versionLabel!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  withdrawnAt!: string | null;
}

export class DatasetViewDto implements DatasetView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Slug of the owning group', example: 'kascade' })
  ownerGroup!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'For callers who may not see drafts: the last publication or withdrawal',
  })
  updatedAt!: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Number of the newest published version' })
  latestPublishedVersion!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'DOI of the dataset (all versions); resolves to the newest',
  })
  conceptDoi!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Title of the newest (published) version' })
  title!: string | null;

  @ApiProperty({ type: [VersionSummaryViewDto], description: 'The versions the caller may see' })
  versions!: VersionSummaryViewDto[];
}

export class VersionViewDto implements VersionView {
  @ApiProperty({ format: 'uuid' })
  datasetId!: string;

  @ApiProperty({ type: 'integer', example: 1 })
  number!: number;

  @ApiProperty({ enum: VERSION_STATES })
  state!: VersionState;

  @ApiProperty({
    type: 'integer',
    description: 'Metadata revision; corrections of a published version add one',
  })
  revision!: number;

  @ApiProperty({ type: String, nullable: true })
  versionLabel!: string | null;

  @ApiProperty({ type: String, nullable: true })
  title!: string | null;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'SPDX license id', example: 'CC-BY-4.0' })
  license!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  publicationYear!: number | null;

  @ApiProperty({ type: [String] })
  keywords!: string[];

  @ApiProperty({ type: [CreatorDto] })
  creators!: CreatorDto[];

  @ApiProperty({ type: [ReleaseRelationDto] })
  relatedIdentifiers!: ReleaseRelationDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  embargoUntil!: string | null;

  @ApiProperty({
    type: SoftwareViewDto,
    nullable: true,
    description: 'The software that produced the release',
  })
  software!: SoftwareViewDto | null;

  @ApiProperty({ type: 'integer', nullable: true })
  previousVersion!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  withdrawnAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  withdrawalReason!: string | null;

  @ApiProperty({ description: 'False while an embargo hides the files from this caller' })
  filesVisible!: boolean;

  @ApiProperty({ type: 'integer' })
  fileCount!: number;

  @ApiProperty({ type: 'integer' })
  totalBytes!: number;

  @ApiProperty({ description: 'SHA-256 of the canonical metadata document' })
  metadataSha256!: string;

  @ApiProperty({ type: String, nullable: true, description: 'DOI of this version, minted at publication' })
  doi!: string | null;

  @ApiProperty({
    enum: ['none', 'pending', 'findable', 'registered', 'unregistered'],
    description: 'Registration with DataCite: pending while a job is due (retried with backoff)',
  })
  doiStatus!: DoiStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last registration error (for the owning group)',
  })
  doiLastError!: string | null;
}

export class RevisionDto implements Serialized<Revision> {
  @ApiProperty({ type: 'integer' })
  revision!: number;

  @ApiProperty()
  metadataSha256!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why the revision was superseded' })
  reason!: string | null;

  @ApiProperty({ format: 'date-time' })
  supersededAt!: string;
}

export class AuditEntryDto implements Serialized<AuditEntry> {
  @ApiProperty({ description: 'Increasing id of the entry', example: '42' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ description: '`<entity>.<verb>`', example: 'version.published' })
  action!: string;

  @ApiProperty({ example: 'version' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  datasetId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Digest of the state before' })
  beforeSha256!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Digest of the state after' })
  afterSha256!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

export class DatasetPageDto extends PageOf(DatasetViewDto) {}
export class VersionListDto extends ListOf(VersionSummaryViewDto) {}
export class RevisionListDto extends ListOf(RevisionDto) {}
export class AuditEntryPageDto extends PageOf(AuditEntryDto) {}

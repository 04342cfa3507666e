import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACCESS_VALUES,
  type ConsistencyReport,
  type FacetBucketView,
  type LabelledValue,
  type ReindexJobView,
  type SearchHitView,
  type SearchResponseView,
} from '@apdc/search';
import type { Serialized } from '../http/json-response.js';

// Documentation of the views the search services return (libs/search).

export class LabelledValueDto implements LabelledValue {
  @ApiProperty({ example: 'icecube' })
  value!: string;

  @ApiProperty({ example: 'IceCube Neutrino Observatory' })
  label!: string;
}

export class FacetBucketDto extends LabelledValueDto implements FacetBucketView {
  @ApiProperty({ example: 3 })
  count!: number;
}

export class SearchHighlightsDto {
  @ApiPropertyOptional({
    description: 'Title with matches in <mark>…</mark>; all other text HTML-escaped',
    example: 'IceCat-1: the IceCube Event Catalog of Alert <mark>Tracks</mark>',
  })
  title?: string;

  @ApiPropertyOptional({ description: 'Up to two fragments of the description, marked up like the title' })
  description?: string;
}

export class SearchHitLinksDto {
  @ApiProperty({ example: '/api/v1/datasets/5f0c7c1e-4d0b-4a36-9b1e-0d1c2f3a4b5c' })
  dataset!: string;

  @ApiProperty({ description: 'Landing page URL of the version found' })
  landingPage!: string;
}

export class SearchHitDto implements Serialized<SearchHitView> {
  @ApiProperty({ format: 'uuid' })
  datasetId!: string;

  @ApiProperty({ description: 'The version found: the newest published one (or a draft, for members)' })
  versionNumber!: number;

  @ApiProperty({ enum: ['published', 'draft'] })
  state!: 'published' | 'draft';

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'The description, cut after 500 characters' })
  description!: string;

  @ApiProperty({ type: [String] })
  creators!: string[];

  @ApiProperty({ type: [String] })
  keywords!: string[];

  @ApiProperty({ type: Number, nullable: true })
  publicationYear!: number | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  publishedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '10.5072/apdc.x7k2-9m4p' })
  doi!: string | null;

  @ApiProperty({ type: [LabelledValueDto] })
  experiments!: LabelledValueDto[];

  @ApiProperty({ type: [LabelledValueDto] })
  messengers!: LabelledValueDto[];

  @ApiProperty({ type: LabelledValueDto, nullable: true, description: 'Data level' })
  type!: LabelledValueDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'SPDX licence id' })
  license!: string | null;

  @ApiProperty({ enum: ACCESS_VALUES, description: "Access to the release's files now" })
  access!: SearchHitView['access'];

  @ApiProperty({ type: Number, nullable: true, description: 'Relevance (sort=relevance only)' })
  score!: number | null;

  @ApiProperty({ type: SearchHighlightsDto })
  highlights!: SearchHighlightsDto;

  @ApiProperty({ type: SearchHitLinksDto })
  links!: SearchHitLinksDto;
}

export class SearchFacetsDto {
  @ApiPropertyOptional({ type: [FacetBucketDto] })
  experiment?: FacetBucketDto[];

  @ApiPropertyOptional({ type: [FacetBucketDto] })
  messenger?: FacetBucketDto[];

  @ApiPropertyOptional({ type: [FacetBucketDto], description: 'Data level' })
  type?: FacetBucketDto[];

  @ApiPropertyOptional({ type: [FacetBucketDto] })
  license?: FacetBucketDto[];

  @ApiPropertyOptional({ type: [FacetBucketDto] })
  access?: FacetBucketDto[];

  @ApiPropertyOptional({ type: [FacetBucketDto] })
  year?: FacetBucketDto[];

  @ApiPropertyOptional({ type: [FacetBucketDto], description: 'The 20 most frequent keywords, lower-cased' })
  keyword?: FacetBucketDto[];
}

export class SearchResponseDto implements Serialized<SearchResponseView> {
  @ApiProperty({ description: 'Number of releases matching query and filters (for this caller)' })
  total!: number;

  @ApiProperty({ type: [SearchHitDto] })
  items!: SearchHitDto[];

  @ApiProperty({
    type: SearchFacetsDto,
    description: 'Counts over all matching releases (not only this page); empty with facets=false',
  })
  facets!: SearchFacetsDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor`, with the same other parameters, for the next page; null on the last page',
  })
  nextCursor!: string | null;

  @ApiProperty({ enum: ['relevance', 'newest', 'oldest', 'title'] })
  sort!: string;

  @ApiProperty({ enum: ['postgresql', 'elasticsearch'], description: 'Which search index answered' })
  adapter!: string;
}

export class ConsistencyReportDto implements Serialized<ConsistencyReport> {
  @ApiProperty({ enum: ['postgresql', 'elasticsearch'] })
  adapter!: string;

  @ApiProperty()
  consistent!: boolean;

  @ApiProperty({ description: 'Discoverable datasets in the database' })
  databaseCount!: number;

  @ApiProperty({ description: 'Documents in the search index' })
  indexCount!: number;

  @ApiProperty()
  missingCount!: number;

  @ApiProperty()
  staleCount!: number;

  @ApiProperty()
  extraCount!: number;

  @ApiProperty({ type: [String], description: 'Discoverable, absent from the index (first 100)' })
  missing!: string[];

  @ApiProperty({ type: [String], description: 'Indexed with an outdated document (first 100)' })
  stale!: string[];

  @ApiProperty({ type: [String], description: 'Indexed, but not discoverable any more (first 100)' })
  extra!: string[];

  @ApiProperty({ description: 'Whether the differences were repaired' })
  repaired!: boolean;

  @ApiProperty({ format: 'date-time' })
  checkedAt!: string;
}

export class ReindexJobDto implements Serialized<ReindexJobView> {
  @ApiProperty({ format: 'uuid' })
  jobId!: string;

  @ApiProperty({ enum: ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] })
  state!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  createdAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  completedAt!: string | null;
}

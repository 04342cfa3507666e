import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class CreateDatasetDto {
  @ApiProperty({ description: 'Slug of the group that will own the dataset', example: 'kascade' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  group!: string;

  @ApiPropertyOptional({ description: 'JSON-LD metadata (schema.org Dataset) of the first draft version' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class SoftwareDto {
  @ApiProperty({ example: 'KRETA' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: '1.18.05' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;
}

export class UpdateVersionSettingsDto {
  @ApiPropertyOptional({
    description: 'Files stay hidden from outsiders until then; null lifts the embargo',
    nullable: true,
  })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsISO8601({ strict: true })
  embargoUntil?: string | null;

  @ApiPropertyOptional({
    type: SoftwareDto,
    nullable: true,
    description: 'The software (and version) that produced the release',
  })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @ValidateNested()
  @Type(() => SoftwareDto)
  software?: SoftwareDto | null;
}

export class WithdrawVersionDto {
  @ApiProperty({ description: 'Why the version is withdrawn; shown on its tombstone' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class GrantDto {
  @ApiProperty({ description: 'Slug of the group to share embargoed and restricted data with' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  group!: string;
}

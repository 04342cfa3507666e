import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PACKAGE_STATES } from '@apdc/archive';
import { PaginationQuery } from './pagination.query.js';

export class ArchiveAuditRequestDto {
  @ApiPropertyOptional({ default: false, description: 'Recall tape copies in full and re-hash them' })
  @IsOptional()
  @IsBoolean()
  recall?: boolean;
}

export class ArchiveOverviewQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: PACKAGE_STATES })
  @IsOptional()
  @IsIn(PACKAGE_STATES)
  state?: string;
}

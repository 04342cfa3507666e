import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class ArchiveAuditRequestDto {
  @ApiPropertyOptional({ default: false, description: 'Recall tape copies in full and re-hash them' })
  @IsOptional()
  @IsBoolean()
  recall?: boolean;
}

import { ApiProperty } from '@nestjs/swagger';

const HEALTH = ['ok', 'unavailable'];

export class HealthChecksDto {
  @ApiProperty({ enum: HEALTH })
  database!: 'ok' | 'unavailable';
}

export class HealthDto {
  @ApiProperty({ enum: HEALTH })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: HealthChecksDto })
  checks!: HealthChecksDto;
}

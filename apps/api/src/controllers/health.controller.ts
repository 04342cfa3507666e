import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Readiness: 200 when the database answers, 503 otherwise' })
  async health(@Res() response: Response): Promise<void> {
    let database: 'ok' | 'unavailable' = 'ok';
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      database = 'unavailable';
    }
    const status = database === 'ok' ? 'ok' : 'unavailable';
    response
      .status(status === 'ok' ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json({ status, checks: { database } });
  }
}

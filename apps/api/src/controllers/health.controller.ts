import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { HealthDto } from '../dto/health.response.js';
import { ApiProblemResponses } from '../http/api-problem-responses.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Readiness: 200 when the database answers, 503 otherwise' })
  @ApiOkResponse({ type: HealthDto, description: 'Ready' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'Not ready: a check failed (plain JSON)' })
  @ApiProblemResponses(401)
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

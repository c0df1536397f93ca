import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Client as TemporalClient } from '@temporalio/client';
import type { Response } from 'express';
import { Public } from '../auth/auth-user';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { PostgresProbe } from './postgres-probe';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ example: 'up', description: '`up`, or `down: <reason>`' })
  postgres!: string;

  @ApiProperty({ example: 'up', description: '`up`, or `down: <reason>`' })
  temporal!: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly postgresProbe: PostgresProbe,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: TemporalClient,
  ) {}

  /** 200 when Postgres and Temporal both answer, 503 otherwise, naming what is down. */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'Something is down' })
  async check(@Res() response: Response): Promise<void> {
    const [postgres, temporal] = await Promise.all([
      probe(() => this.postgresProbe.check()),
      probe(() => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const ok = postgres === 'up' && temporal === 'up';
    const body: HealthResponse = { status: ok ? 'ok' : 'degraded', postgres, temporal };
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 3000)),
    ]);
    return 'up';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  }
}

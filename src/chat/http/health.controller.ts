import { Controller, Get } from '@nestjs/common';

@Controller()
export class HealthController {
  /** Readiness: answers once the app is listening. */
  @Get('health')
  health() {
    return { status: 'ok' as const };
  }
}

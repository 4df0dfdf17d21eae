import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ChatHealthIndicator } from '../services/chat-health.indicator.js';

/** The one thing this controller needs of the response (Express and Fastify both have it). */
interface StatusSetter {
  status(code: number): unknown;
}

@Controller()
export class HealthController {
  constructor(private readonly health: ChatHealthIndicator) {}

  /**
   * Readiness: `200 { status: "ok" }` while Redis and PostgreSQL (those
   * configured) answer; `503` naming the one that does not, so a load
   * balancer sends clients elsewhere meanwhile.
   */
  @Get('health')
  async readiness(@Res({ passthrough: true }) response: StatusSetter) {
    const { chat } = await this.health.check('chat');
    if (chat.status === 'up') return { status: 'ok' as const };
    response.status(HttpStatus.SERVICE_UNAVAILABLE);
    const down = (['redis', 'postgres'] as const).filter(
      (name) => chat[name] === 'down',
    );
    return {
      status: 'error' as const,
      error: Object.fromEntries(down.map((name) => [name, 'down'])),
    };
  }

  /** Liveness: the process answers (a restart would not bring a dependency back). */
  @Get('health/live')
  liveness() {
    return { status: 'ok' as const };
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { ChatMetrics } from '../metrics/chat-metrics.js';

/** `GET /metrics` in Prometheus text format (with `ChatModule.forRoot({ metrics: true, ... })`). */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: ChatMetrics) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

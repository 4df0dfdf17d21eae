import { readFileSync } from 'node:fs';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { CHAT_OPTIONS } from '../chat-options.js';
import type { ResolvedChatOptions } from '../chat-options.interface.js';

const TEMPLATE = readFileSync(
  new URL('../demo/index.html', import.meta.url),
  'utf8',
);

/** `GET /`: the demo chat page (with `ChatModule.forRoot({ demoPage: true, ... })`). */
@Controller()
export class DemoPageController {
  private readonly page: string;

  constructor(@Inject(CHAT_OPTIONS) options: ResolvedChatOptions) {
    this.page = TEMPLATE.replaceAll(
      '__SOCKET_PATH__',
      JSON.stringify(options.path).slice(1, -1),
    );
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  index(): string {
    return this.page;
  }
}

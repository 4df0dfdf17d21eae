import { readFileSync } from 'node:fs';
import { Controller, Get, Inject } from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';
import { asyncApiDocument } from '../contract/asyncapi.js';

/** The package's version (package.json sits three folders up, from `src/` and from `dist/` alike). */
const { version } = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
) as { version: string };

/** `GET /asyncapi.json` (the `docs` extra): the AsyncAPI 3.0 document of both namespaces. */
@Controller()
export class AsyncApiController {
  private readonly document: ReturnType<typeof asyncApiDocument>;

  constructor(@Inject(CHAT_OPTIONS) options: ResolvedChatOptions) {
    this.document = asyncApiDocument({
      version,
      path: options.path,
    });
  }

  @Get('asyncapi.json')
  asyncApi() {
    return this.document;
  }
}

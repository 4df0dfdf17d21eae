import { existsSync, readdirSync, readFileSync } from 'node:fs';
import {
  Controller,
  Get,
  Header,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Res,
} from '@nestjs/common';
import { CHAT_OPTIONS } from '../module/chat-options.js';
import type { ResolvedChatOptions } from '../module/chat-options.interface.js';

const DEMO_DIR = new URL('../demo/', import.meta.url);
const TEMPLATE = readFileSync(new URL('index.html', DEMO_DIR), 'utf8');

/** The page's own script and styles, by file name, with their content type. */
const PAGE_FILES = new Map(
  [
    ['chat-page.js', 'text/javascript; charset=utf-8'],
    ['chat-page.css', 'text/css; charset=utf-8'],
    ['messages.css', 'text/css; charset=utf-8'],
  ].map(([name, type]) => [
    name,
    { type, body: readFileSync(new URL(name, DEMO_DIR), 'utf8') },
  ]),
);

/**
 * Where the built `./client` entry is: beside this file in the package
 * (`dist/client`), or in `dist/` of a source checkout (`npm test` builds it first).
 */
const CLIENT_DIRS = [
  new URL('../../client/', import.meta.url),
  new URL('../../../dist/client/', import.meta.url),
];

/** The client's modules by file name, read once (the page imports them as ES modules). */
function clientModules(): Map<string, string> {
  // Files of one folder, listed once: a request names one of them or nothing.
  const dir = CLIENT_DIRS.find((candidate) =>
    existsSync(new URL('index.js', candidate)),
  );
  if (!dir) {
    new Logger('DemoPage').warn(
      'The ./client entry is not built (npm run build): the demo page cannot load it',
    );
    return new Map();
  }
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => [name, readFileSync(new URL(name, dir), 'utf8')]),
  );
}

/** The one thing the page files need of the response (Express and Fastify both have it). */
interface ContentTypeSetter {
  type(contentType: string): unknown;
}

/**
 * `GET /`: the demo chat page (with `ChatModule.forRoot({ demoPage: true, ... })`),
 * its script and styles under `GET /demo/`, and `GET /client/<file>.js`: the
 * package's `./client` entry it runs on, served as built (no build step for the page).
 */
@Controller()
export class DemoPageController {
  private readonly page: string;
  private readonly client = clientModules();

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

  @Get('demo/:file')
  @Header('Cache-Control', 'no-cache')
  pageFile(
    @Param('file') file: string,
    @Res({ passthrough: true }) response: ContentTypeSetter,
  ): string {
    const found = PAGE_FILES.get(file);
    if (!found) throw new NotFoundException();
    response.type(found.type);
    return found.body;
  }

  @Get('client/:file')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  clientModule(@Param('file') file: string): string {
    const source = this.client.get(file);
    if (source === undefined) throw new NotFoundException();
    return source;
  }
}

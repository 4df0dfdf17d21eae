import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import ts from 'typescript';
import { ChatHarness } from './support/harness.js';
import { ROOT, typeCheck } from './support/type-check.js';

const WORK = join(ROOT, '.readme-check');

/** The README's TypeScript blocks, each named by its `// file: <name>` line. */
function readmeFiles(): { name: string; source: string }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return Array.from(readme.matchAll(/```ts\n([\s\S]*?)```/g), ([, source]) => {
    const name = /^\/\/ file: (\S+\.ts)/.exec(source)?.[1];
    if (!name)
      throw new Error(`a README block has no "// file:" line:\n${source}`);
    return { name, source };
  });
}

/** The README's snippets work when pasted: they type-check against the package as a host would import it. */
describe('README', () => {
  const RUN = join(ROOT, '.readme-run');
  afterAll(() => {
    rmSync(WORK, { recursive: true, force: true });
    rmSync(RUN, { recursive: true, force: true });
  });

  it('has TypeScript blocks that compile as they stand', () => {
    const files = readmeFiles();
    expect(files.map((file) => file.name)).toEqual(
      expect.arrayContaining(['app.module.ts', 'main.ts', 'client.ts']),
    );
    typeCheck('.readme-check', { include: ['./*.ts'] }, files, 'README blocks');
  }, 120_000);

  /**
   * Runs the README's example `name` against `url` as a Node script beside
   * the package's own package.json, where `nest-chat-module/client`
   * resolves to the built entry (a package may import itself by name).
   * Killed after 10 s: an example that never ends fails here.
   */
  async function runExample(name: string, url: string, env = {}) {
    const example = readmeFiles().find((file) => file.name === name);
    mkdirSync(RUN, { recursive: true });
    const script = join(RUN, name.replace(/\.ts$/, '.mjs'));
    writeFileSync(
      script,
      ts.transpileModule(
        example!.source.replace('http://localhost:3000', url),
        { compilerOptions: { module: ts.ModuleKind.ESNext } },
      ).outputText,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      timeout: 10_000,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    return stdout;
  }

  it('has a client example that runs to its end against a real server', async () => {
    const chat = await ChatHarness.start();
    try {
      const output = await runExample('client.ts', chat.url);
      expect(output).toContain('members: 1 history: 0');
      expect(output).toContain('#1 alice: hello');
      expect(output).toContain('#2 alice: and welcome');
      expect(output).toContain('reactions: 👍 1');
      expect(output.trim().split('\n').at(-1)).toBe('VALIDATION_FAILED');
    } finally {
      await chat.close();
    }
  }, 30_000);

  it('has a signed-in example that runs to its end against a server with JWTs', async () => {
    const secret = 'a-readme-secret-of-at-least-32-bytes';
    const chat = await ChatHarness.start({ jwt: { secret } });
    try {
      const token = await new SignJWT({ sub: 'ann', name: 'Ann' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      const output = await runExample('inbox.ts', chat.url, {
        CHAT_TOKEN: token,
      });
      expect(output).toContain('direct bob unread: 0');
      expect(output).toContain('room lobby unread: 0');
      expect(output.trim().split('\n').at(-1)).toBe('total unread: 0');
      // Bob was never connected, and is a member now: his inbox has it.
      const inbox = await chat.rooms.inbox('bob');
      expect(inbox).toMatchObject({ totalUnread: 1 });
    } finally {
      await chat.close();
    }
  }, 30_000);
});

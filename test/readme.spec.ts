import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('has TypeScript blocks that compile as they stand', () => {
    const files = readmeFiles();
    expect(files.map((file) => file.name)).toEqual(
      expect.arrayContaining(['app.module.ts', 'main.ts', 'client.ts']),
    );
    typeCheck('.readme-check', { include: ['./*.ts'] }, files, 'README blocks');
  }, 120_000);
});

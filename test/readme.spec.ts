import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
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
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK);
    for (const { name, source } of files)
      writeFileSync(join(WORK, name), source);
    writeFileSync(
      join(WORK, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: { noEmit: true, incremental: false, types: ['node'] },
        include: ['./*.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', join(WORK, 'tsconfig.json')], {
        encoding: 'utf8',
      });
    } catch (error) {
      throw new Error(
        `README blocks do not compile:\n${(error as { stdout?: string }).stdout}`,
        { cause: error },
      );
    }
  }, 120_000);
});

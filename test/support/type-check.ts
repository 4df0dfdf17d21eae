import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Type-checks with the project's settings in a folder of its own below the
 * root (`<root>/<folder>`, made anew): `files` are written there first;
 * `scope` is what the tsconfig checks (`include` or `files`, relative to
 * that folder). Throws with tsc's output when it does not compile.
 */
export function typeCheck(
  folder: string,
  scope: { include: string[] } | { files: string[]; include: [] },
  files: { name: string; source: string }[] = [],
  what = 'the files',
): void {
  const work = join(ROOT, folder);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  for (const { name, source } of files) writeFileSync(join(work, name), source);
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, incremental: false, types: ['node'] },
      ...scope,
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], {
      encoding: 'utf8',
    });
  } catch (error) {
    throw new Error(
      `${what} do not compile:\n${(error as { stdout?: string }).stdout}`,
      { cause: error },
    );
  }
}

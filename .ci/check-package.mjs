// CI: the npm tarball as a user would get it. Packs the built package,
// unpacks it inside the project (so its imports resolve against the
// project's node_modules) and imports its entry: the public API is there,
// its types are packed, and the dev server, tests and bench are not.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The most a front end's install of the tarball and socket.io-client may weigh. */
const CLIENT_INSTALL_MAX_MB = 30;

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.pack-check');
rmSync(work, { recursive: true, force: true });
mkdirSync(work);
try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  const paths = packed.files.map((file) => file.path);
  // Only the library's build output, its docs and the demo page it serves.
  const unwanted = paths.filter(
    (path) =>
      !/^(dist\/.+\.(js|js\.map|d\.ts)|dist\/chat\/demo\/(index\.html|chat-page\.js|[\w-]+\.css)|dist\/chat\/stores\/postgres\/migrations\/\d{4}_[\w-]+\.sql|docs\/[\w-]+\.md|README\.md|package\.json)$/.test(
        path,
      ) || /^dist\/(main|app\.module)\.|^dist\/config\/|\.spec\./.test(path),
  );
  if (unwanted.length > 0) {
    throw new Error(`packed by mistake: ${unwanted.join(', ')}`);
  }
  execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);
  const entry = join(work, 'package', 'dist', 'index.js');
  if (!existsSync(join(work, 'package', 'dist', 'index.d.ts'))) {
    throw new Error('dist/index.d.ts is not packed');
  }
  // Every versioned migration of the source tree is in the tarball.
  const migrations = readdirSync(
    join(root, 'src', 'chat', 'stores', 'postgres', 'migrations'),
  ).filter((file) => file.endsWith('.sql'));
  if (
    !migrations.every((file) =>
      paths.some((path) => path.endsWith(`migrations/${file}`)),
    )
  ) {
    throw new Error('the PostgreSQL migrations are not packed');
  }
  // Option and event docs reach the host's editor through the declarations.
  const optionTypes = readFileSync(
    join(
      work,
      'package',
      'dist',
      'chat',
      'module',
      'chat-options.interface.d.ts',
    ),
    'utf8',
  );
  if (!optionTypes.includes('/**')) {
    throw new Error('dist/*.d.ts lost their doc comments (removeComments?)');
  }
  const api = await import(pathToFileURL(entry).href);
  const expected = [
    'ChatModule',
    'ChatIoAdapter',
    'useChat',
    'RoomsService',
    'MemoryRoomsStore',
    'RedisRoomsStore',
    'RoomsStore',
    'MessageStore',
    'MemoryMessageStore',
    'ModerationStore',
    'ErrorCode',
    'CHAT_NAMESPACE',
  ];
  const missing = expected.filter((name) => api[name] === undefined);
  if (missing.length > 0)
    throw new Error(`missing from the entry: ${missing.join(', ')}`);
  // The front end's entry: its code and its types reach nothing outside
  // themselves but socket.io-client (no server dependency to install).
  const clientDir = join(work, 'package', 'dist', 'client');
  for (const start of ['index.js', 'index.d.ts']) {
    const outside = importsOutside(join(clientDir, start));
    if (outside.length > 0) {
      throw new Error(`./client reaches ${outside.join(', ')}`);
    }
  }
  const client = await import(pathToFileURL(join(clientDir, 'index.js')).href);
  if (typeof client.createChatClient !== 'function' || !client.ChatError) {
    throw new Error('./client does not export createChatClient and ChatError');
  }
  const frontEnd = clientOnlyInstall(join(work, packed.filename));
  console.log(
    `${packed.filename}: ${paths.length} files, ${(packed.size / 1024).toFixed(0)} kB; the entry exports ${Object.keys(api).length} names; a client-only install (with socket.io-client): ${frontEnd.packages} packages, ${frontEnd.megabytes} MB`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * What a front end that only talks to the chat installs: the tarball and
 * socket.io-client. The server's peers (Nest and its packages) are optional
 * peers, so they must not come along; the size is bounded.
 */
function clientOnlyInstall(tarball) {
  const app = join(work, 'front-end');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "private": true }');
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      'socket.io-client',
    ],
    { cwd: app, stdio: 'ignore' },
  );
  const modules = join(app, 'node_modules');
  if (existsSync(join(modules, '@nestjs'))) {
    throw new Error(
      'a client-only install brings the Nest packages (peers not optional?)',
    );
  }
  const megabytes = Number(
    execFileSync('du', ['-sm', modules], { encoding: 'utf8' }).split('\t')[0],
  );
  if (megabytes > CLIENT_INSTALL_MAX_MB) {
    throw new Error(
      `a client-only install takes ${megabytes} MB (at most ${CLIENT_INSTALL_MAX_MB})`,
    );
  }
  const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8'));
  return { packages: Object.keys(lock.packages).length - 1, megabytes };
}

/** Bare module names a file reaches through its imports, following relative ones (socket.io-client allowed). */
function importsOutside(file, seen = new Set()) {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  const found = [];
  for (const [, name] of source.matchAll(/(?:from|import)\s+'([^']+)'/g)) {
    if (!name.startsWith('.')) {
      if (name !== 'socket.io-client') found.push(name);
      continue;
    }
    const target = join(dirname(file), name);
    const resolved = file.endsWith('.d.ts')
      ? target.replace(/\.js$/, '.d.ts')
      : target;
    found.push(...importsOutside(resolved, seen));
  }
  return found;
}

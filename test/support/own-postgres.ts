import { execFileSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './http.js';

const VERSIONS = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
  : [];
const BIN = VERSIONS[0] ? `/usr/lib/postgresql/${VERSIONS[0]}/bin` : null;
/** initdb and postgres refuse to run as root: then they run as `postgres`. */
const AS_ROOT = process.getuid?.() === 0;
const idOf = (flag: string) =>
  Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));

/**
 * A PostgreSQL server of the test's own (`initdb` + `pg_ctl` in a temporary
 * folder, on a spare port) that it may stop and start; the shared server is
 * never touched.
 */
export class OwnPostgres {
  static readonly available = BIN !== null && existsSync(join(BIN, 'initdb'));
  private readonly dir = mkdtempSync(join(tmpdir(), 'chat-pg-'));
  private readonly data = join(this.dir, 'data');

  constructor(readonly port: number) {
    if (AS_ROOT) chownSync(this.dir, idOf('-u'), idOf('-g'));
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(command: string, args: string[]): void {
    const file = join(BIN!, command);
    const [program, argv] = AS_ROOT
      ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
      : [file, args];
    execFileSync(program, argv, { stdio: 'ignore', timeout: 60_000 });
  }

  /** A server of its own on a free port, initialised and started. */
  static async started(): Promise<OwnPostgres> {
    const postgres = new OwnPostgres(await freePort());
    postgres.init();
    postgres.start();
    return postgres;
  }

  init(): void {
    this.run('initdb', [
      '-D',
      this.data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
    ]);
  }

  stop(): void {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { until } from './harness.js';

export const hasRedisServer =
  spawnSync('redis-server', ['--version']).status === 0;

/**
 * A Redis of this test's own, on a spare port, that it can stop and start;
 * with `dir`, it keeps its data across a stop (an append-only file).
 */
export class OwnRedis {
  private process: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly dir?: string,
  ) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...(this.dir
          ? [
              '--dir',
              this.dir,
              '--appendonly',
              'yes',
              '--appendfsync',
              'always',
            ]
          : ['--appendonly', 'no']),
      ],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.url, {
      lazyConnect: true,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await until(async () => {
        try {
          if (probe.status !== 'ready') await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        }
      }, 5000);
    } finally {
      probe.disconnect();
    }
  }

  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeIfServed } from './required-service.js';

/** A server where tests may create databases (trust auth on this machine kind). */
export const POSTGRES_URL =
  process.env.CHAT_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: POSTGRES_URL,
    connectionTimeoutMillis: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const service = {
  name: 'PostgreSQL',
  where: POSTGRES_URL,
  answered: await postgresAnswers(),
  required: process.env.CHAT_REQUIRE_POSTGRES === '1',
  hint: 'Start it (pg_ctlcluster … main start) or set CHAT_TEST_POSTGRES_URL; CI starts it and sets CHAT_REQUIRE_POSTGRES=1.',
};

/** `describe` when PostgreSQL answers (skipped, or failing with `CHAT_REQUIRE_POSTGRES=1`, when not). */
export function describeWithPostgres(name: string, body: () => void): void {
  describeIfServed(service, name, body);
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database of the test's own on the shared server, dropped at the end. */
export class TestDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(): Promise<TestDatabase> {
    const name = `chat_test_${randomBytes(6).toString('hex')}`;
    await onServer(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return new TestDatabase(name, url.toString());
  }

  /** Runs one statement in this database (to look at or age rows). */
  async query<R extends pg.QueryResultRow>(
    sql: string,
    values: unknown[] = [],
  ) {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query<R>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await onServer(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}

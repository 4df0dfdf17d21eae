import { readdir, readFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from './postgres-connection.js';
import { SQL } from './sql.js';

/** The advisory lock that lets one instance at a time migrate (any constant, shared by all instances). */
const MIGRATION_LOCK = 7_412_001;
const FOLDER = new URL('./migrations/', import.meta.url);

/**
 * Applies the migration files (`NNNN_name.sql`, in order) that the database
 * has not seen, each in its own transaction, under an advisory lock: when
 * several instances start at once, one migrates and the others wait, then
 * find nothing left to do. A connection of its own: a migration may take
 * longer than the pool's query timeout.
 */
export async function migrate(url: string): Promise<void> {
  const logger = new Logger('ChatPostgres');
  const files = (await readdir(FOLDER))
    .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
    .sort();
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'nest-chat-module migrations',
  });
  client.on('error', () => undefined); // reported by the query that fails
  await client.connect();
  try {
    await client.query(SQL.lockMigrations, [MIGRATION_LOCK]);
    await client.query(SQL.createMigrationsTable);
    const { rows } = await client.query<{ version: number }>(
      SQL.appliedMigrations,
    );
    const applied = new Set(rows.map((row) => row.version));
    for (const file of files) {
      const version = Number(file.slice(0, 4));
      if (applied.has(version)) continue;
      const script = await readFile(new URL(file, FOLDER), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(script);
        await client.query(SQL.recordMigration, [version, file]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(
          `PostgreSQL migration ${file} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      logger.log(`Applied migration ${file}`);
    }
  } finally {
    await client.end().catch(() => undefined); // ends the lock with the session
  }
}

import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';
import type { ChatJwtOptions, ChatModuleOptions } from '../chat/index.js';
import { DEFAULTS } from '../chat/module/chat.constants.js';
import { DEFAULT_RETENTION_MS } from '../chat/module/chat-options.js';
import { originPolicy } from '../chat/transport/cors.js';
import { SignedTokens } from '../chat/transport/signed-tokens.js';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim())
    ? Number(value)
    : value;

export type LogLevelName = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LEVELS: LogLevelName[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** `LOG_LEVEL` and every level more severe than it. */
export function logLevelsUpTo(level: LogLevelName): LogLevelName[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

/** An integer variable: decimal text in the environment, at least `min` (and at most `max`). */
const IntVar = (min: number, max?: number) =>
  applyDecorators(
    Transform(toInt),
    IsInt(),
    Min(min),
    ...(max === undefined ? [] : [Max(max)]),
  );

/** The dev server's environment, checked at start. */
export class Environment {
  @IntVar(0, 65535)
  PORT = 3000;

  /** Bind address (all interfaces by default). */
  @IsOptional()
  @IsString()
  HOST?: string;

  @IsString()
  @Matches(/^\/\S*$/, { message: 'CHAT_PATH must start with "/"' })
  CHAT_PATH = DEFAULTS.path;

  @IsString()
  CHAT_CORS_ORIGINS = DEFAULTS.corsOrigins.join(',');

  @IntVar(1, 100_000)
  CHAT_HISTORY_LIMIT = DEFAULTS.historyLimit;

  @IntVar(1, 50_000)
  CHAT_MAX_TEXT = DEFAULTS.maxTextLength;

  @IntVar(0)
  CHAT_RATE_LIMIT = DEFAULTS.rateLimit;

  /** Unset: 5 × `CHAT_RATE_LIMIT`. */
  @IsOptional()
  @IntVar(0)
  CHAT_ADDRESS_RATE_LIMIT?: number;

  @IntVar(0)
  CHAT_EVENT_RATE_LIMIT = DEFAULTS.eventRateLimit;

  @IntVar(1)
  CHAT_MAX_EVENTS_IN_FLIGHT = DEFAULTS.maxEventsInFlight;

  @IntVar(1024)
  CHAT_MAX_BUFFERED_BYTES = DEFAULTS.maxBufferedBytes;

  @IntVar(1024)
  CHAT_MAX_HISTORY_PAGE_BYTES = DEFAULTS.maxHistoryPageBytes;

  @IntVar(0)
  CHAT_MAX_CONNECTIONS_PER_ADDRESS = DEFAULTS.maxConnectionsPerAddress;

  @IntVar(0)
  CHAT_CONNECTION_RATE_LIMIT = DEFAULTS.connectionRateLimit;

  /** Comma-separated addresses the connection caps leave alone; empty: none. */
  @IsString()
  CHAT_CONNECTION_LIMIT_EXEMPT = DEFAULTS.connectionLimitExempt.join(',');

  /** Proxies in front whose `X-Forwarded-For` entry is believed. */
  @IntVar(0)
  CHAT_TRUST_PROXY = DEFAULTS.trustProxy;

  /** Connection state recovery window; 0 turns recovery off. */
  @IntVar(0)
  CHAT_RECOVERY_WINDOW_MS = DEFAULTS.recoveryWindowMs;

  @IntVar(1)
  CHAT_RECOVERY_BUFFER_PACKETS = DEFAULTS.recoveryBufferPackets;

  @IsOptional()
  @IsString()
  ADMIN_TOKEN?: string;

  @IsIn(['text', 'json'])
  LOG_FORMAT: 'text' | 'json' = 'text';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: LogLevelName = 'log';

  /** `1`: the Socket.IO Admin UI instrumentation on `/socket.io-admin`. */
  @IsIn(['0', '1'])
  CHAT_ADMIN_UI: '0' | '1' = '0';

  @IsString()
  CHAT_ADMIN_UI_USERNAME = 'admin';

  /** A bcrypt hash (the Admin UI compares passwords with it). */
  @ValidateIf((env: Environment) => env.CHAT_ADMIN_UI === '1')
  @Matches(/^\$2[aby]\$\d{2}\$.{53}$/, {
    message:
      'CHAT_ADMIN_UI_PASSWORD_HASH must be a bcrypt hash when CHAT_ADMIN_UI=1',
  })
  CHAT_ADMIN_UI_PASSWORD_HASH?: string;

  /** Set: several instances share one chat through this Redis. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'REDIS_URL must be a redis:// or rediss:// URL',
  })
  REDIS_URL?: string;

  /** Prefix of every Redis key (default `chat:`); instances of one chat share it. */
  @IsOptional()
  @Matches(/^\S+$/, { message: 'CHAT_REDIS_PREFIX must not be empty' })
  CHAT_REDIS_PREFIX?: string;

  /** Set: room history is durable in this PostgreSQL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  /** How long durable history is kept (default 30 days; 0: forever). */
  @IntVar(0)
  CHAT_RETENTION_MS = DEFAULT_RETENTION_MS;

  /** Set: every /chat handshake carries a JWT signed HS256 with this key (at least 32 bytes). */
  @IsOptional()
  @IsString()
  CHAT_JWT_SECRET?: string;

  /** Instead of the secret: a PEM public key, RS256 (RSA) or ES256 (P-256); `\n` may stand for newlines. */
  @IsOptional()
  @IsString()
  CHAT_JWT_PUBLIC_KEY?: string;

  @IsOptional()
  @IsString()
  CHAT_JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  CHAT_JWT_AUDIENCE?: string;
}

/** The `jwt` option the variables ask for (none without a key). */
function jwtOptionsFrom(env: ChatEnvironment): ChatJwtOptions | undefined {
  if (!env.CHAT_JWT_SECRET && !env.CHAT_JWT_PUBLIC_KEY) return undefined;
  return {
    secret: env.CHAT_JWT_SECRET || undefined,
    publicKey: env.CHAT_JWT_PUBLIC_KEY?.replaceAll('\\n', '\n') || undefined,
    issuer: env.CHAT_JWT_ISSUER || undefined,
    audience: env.CHAT_JWT_AUDIENCE || undefined,
  };
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `ConfigModule`'s `validate`: a bad value stops the start with every problem listed. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, {
    exposeDefaultValues: true,
  });
  const errors = validateSync(env, { skipMissingProperties: false });
  // One line per variable: its first failing rule (`PORT=abc` is not an
  // integer; that it is also out of range says nothing more).
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {})
      .slice(0, 1)
      .map((c) => `  ${e.property}=${JSON.stringify(e.value)}: ${c}`),
  );
  try {
    originPolicy(list(String(env.CHAT_CORS_ORIGINS)));
  } catch (error) {
    problems.push(
      `  CHAT_CORS_ORIGINS=${JSON.stringify(env.CHAT_CORS_ORIGINS)}: ${(error as Error).message}`,
    );
  }
  const jwt = problems.length === 0 ? jwtOptionsFrom(env) : undefined;
  try {
    if (jwt) SignedTokens.from(jwt);
  } catch (error) {
    // The key itself is never printed.
    problems.push(
      `  CHAT_JWT_${jwt?.secret ? 'SECRET' : 'PUBLIC_KEY'}: ${(error as Error).message.replace(/ChatModule option jwt\.?\w*/, 'the key')}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  }
  return env;
}

/** The variables the chat module reads (the rest are the server's: port, host, logs). */
export const CHAT_ENV_KEYS = [
  'CHAT_PATH',
  'CHAT_CORS_ORIGINS',
  'CHAT_HISTORY_LIMIT',
  'CHAT_MAX_TEXT',
  'CHAT_RATE_LIMIT',
  'CHAT_ADDRESS_RATE_LIMIT',
  'CHAT_EVENT_RATE_LIMIT',
  'CHAT_MAX_EVENTS_IN_FLIGHT',
  'CHAT_MAX_BUFFERED_BYTES',
  'CHAT_MAX_HISTORY_PAGE_BYTES',
  'CHAT_MAX_CONNECTIONS_PER_ADDRESS',
  'CHAT_CONNECTION_RATE_LIMIT',
  'CHAT_CONNECTION_LIMIT_EXEMPT',
  'CHAT_TRUST_PROXY',
  'CHAT_RECOVERY_WINDOW_MS',
  'CHAT_RECOVERY_BUFFER_PACKETS',
  'ADMIN_TOKEN',
  'REDIS_URL',
  'CHAT_REDIS_PREFIX',
  'DATABASE_URL',
  'CHAT_RETENTION_MS',
  'CHAT_ADMIN_UI',
  'CHAT_ADMIN_UI_USERNAME',
  'CHAT_ADMIN_UI_PASSWORD_HASH',
  'CHAT_JWT_SECRET',
  'CHAT_JWT_PUBLIC_KEY',
  'CHAT_JWT_ISSUER',
  'CHAT_JWT_AUDIENCE',
] as const satisfies readonly (keyof Environment)[];

export type ChatEnvironment = Pick<Environment, (typeof CHAT_ENV_KEYS)[number]>;

export function chatOptionsFrom(env: ChatEnvironment): ChatModuleOptions {
  return {
    path: env.CHAT_PATH,
    corsOrigins: list(env.CHAT_CORS_ORIGINS),
    historyLimit: env.CHAT_HISTORY_LIMIT,
    maxTextLength: env.CHAT_MAX_TEXT,
    rateLimit: env.CHAT_RATE_LIMIT,
    addressRateLimit: env.CHAT_ADDRESS_RATE_LIMIT,
    eventRateLimit: env.CHAT_EVENT_RATE_LIMIT,
    maxEventsInFlight: env.CHAT_MAX_EVENTS_IN_FLIGHT,
    maxBufferedBytes: env.CHAT_MAX_BUFFERED_BYTES,
    maxHistoryPageBytes: env.CHAT_MAX_HISTORY_PAGE_BYTES,
    maxConnectionsPerAddress: env.CHAT_MAX_CONNECTIONS_PER_ADDRESS,
    connectionRateLimit: env.CHAT_CONNECTION_RATE_LIMIT,
    connectionLimitExempt: list(env.CHAT_CONNECTION_LIMIT_EXEMPT),
    trustProxy: env.CHAT_TRUST_PROXY,
    recoveryWindowMs: env.CHAT_RECOVERY_WINDOW_MS,
    recoveryBufferPackets: env.CHAT_RECOVERY_BUFFER_PACKETS,
    adminToken: env.ADMIN_TOKEN,
    // Shown with LOG_LEVEL=verbose.
    logConnections: true,
    jwt: jwtOptionsFrom(env),
    redis: env.REDIS_URL
      ? { url: env.REDIS_URL, keyPrefix: env.CHAT_REDIS_PREFIX }
      : undefined,
    database: env.DATABASE_URL
      ? { url: env.DATABASE_URL, retentionMs: env.CHAT_RETENTION_MS }
      : undefined,
    adminUi:
      env.CHAT_ADMIN_UI === '1' && env.CHAT_ADMIN_UI_PASSWORD_HASH
        ? {
            username: env.CHAT_ADMIN_UI_USERNAME,
            passwordHash: env.CHAT_ADMIN_UI_PASSWORD_HASH,
          }
        : undefined,
  };
}

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
import type { ChatJwtOptions } from '../chat/index.js';
import { DEFAULTS } from '../chat/module/chat.constants.js';
import { DEFAULT_RETENTION_MS } from '../chat/module/chat-options.js';
import { originPolicy } from '../chat/transport/cors.js';
import { SignedTokens } from '../chat/transport/signed-tokens.js';
import { webhookKey } from '../chat/notifications/webhook-endpoint.js';

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

  /** Set (with the secret): every accepted room message is POSTed here, signed. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, {
    message: 'CHAT_WEBHOOK_URL must be an http:// or https:// URL',
  })
  CHAT_WEBHOOK_URL?: string;

  /** The webhook signing key: `whsec_` + base64, or any other text (its UTF-8 bytes); read by `webhookKey`. */
  @ValidateIf((env: Environment) => Boolean(env.CHAT_WEBHOOK_URL))
  @IsString({
    message: 'CHAT_WEBHOOK_SECRET is required with CHAT_WEBHOOK_URL',
  })
  CHAT_WEBHOOK_SECRET?: string;
}

/** The `jwt` option the variables ask for (none without a key). */
export function jwtOptionsFrom(
  env: Pick<
    Environment,
    | 'CHAT_JWT_SECRET'
    | 'CHAT_JWT_PUBLIC_KEY'
    | 'CHAT_JWT_ISSUER'
    | 'CHAT_JWT_AUDIENCE'
  >,
): ChatJwtOptions | undefined {
  if (!env.CHAT_JWT_SECRET && !env.CHAT_JWT_PUBLIC_KEY) return undefined;
  return {
    secret: env.CHAT_JWT_SECRET || undefined,
    publicKey: env.CHAT_JWT_PUBLIC_KEY?.replaceAll('\\n', '\n') || undefined,
    issuer: env.CHAT_JWT_ISSUER || undefined,
    audience: env.CHAT_JWT_AUDIENCE || undefined,
  };
}

export const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Variables whose values a start error leaves out. */
const SECRETS = new Set([
  'ADMIN_TOKEN',
  'CHAT_JWT_SECRET',
  'CHAT_ADMIN_UI_PASSWORD_HASH',
  'CHAT_WEBHOOK_SECRET',
]);

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
      .map((c) =>
        SECRETS.has(e.property)
          ? `  ${e.property}: ${c}` // a secret's value is never printed
          : `  ${e.property}=${JSON.stringify(e.value)}: ${c}`,
      ),
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
  if (env.CHAT_WEBHOOK_URL && typeof env.CHAT_WEBHOOK_SECRET === 'string') {
    try {
      webhookKey(env.CHAT_WEBHOOK_SECRET);
    } catch (error) {
      // The module's own check, worded for the variable; the secret is never printed.
      problems.push(
        `  CHAT_WEBHOOK_SECRET: CHAT_WEBHOOK_SECRET ${(error as Error).message}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  }
  return env;
}

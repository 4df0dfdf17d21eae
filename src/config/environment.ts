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
import type { ChatModuleOptions } from '../chat/index.js';

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

/** The dev server's environment, checked at start. */
export class Environment {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^\/\S*$/, { message: 'CHAT_PATH must start with "/"' })
  CHAT_PATH = '/socket.io';

  @IsString()
  CHAT_CORS_ORIGINS = 'http://localhost:3000';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  CHAT_HISTORY_LIMIT = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50_000)
  CHAT_MAX_TEXT = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  CHAT_RATE_LIMIT = 20;

  /** Connection state recovery window; 0 turns recovery off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CHAT_RECOVERY_WINDOW_MS = 120_000;

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
}

/** `ConfigModule`'s `validate`: a bad value stops the start with every problem listed. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, {
    exposeDefaultValues: true,
  });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map(
        (c) => `  ${e.property}=${JSON.stringify(e.value)}: ${c}`,
      ),
    );
    throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  }
  return env;
}

export type ChatEnvironment = Pick<
  Environment,
  | 'CHAT_PATH'
  | 'CHAT_CORS_ORIGINS'
  | 'CHAT_HISTORY_LIMIT'
  | 'CHAT_MAX_TEXT'
  | 'CHAT_RATE_LIMIT'
  | 'CHAT_RECOVERY_WINDOW_MS'
  | 'ADMIN_TOKEN'
  | 'REDIS_URL'
  | 'CHAT_ADMIN_UI'
  | 'CHAT_ADMIN_UI_USERNAME'
  | 'CHAT_ADMIN_UI_PASSWORD_HASH'
>;

export function chatOptionsFrom(env: ChatEnvironment): ChatModuleOptions {
  return {
    path: env.CHAT_PATH,
    corsOrigins: env.CHAT_CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    historyLimit: env.CHAT_HISTORY_LIMIT,
    maxTextLength: env.CHAT_MAX_TEXT,
    rateLimit: env.CHAT_RATE_LIMIT,
    recoveryWindowMs: env.CHAT_RECOVERY_WINDOW_MS,
    adminToken: env.ADMIN_TOKEN,
    redis: env.REDIS_URL ? { url: env.REDIS_URL } : undefined,
    adminUi:
      env.CHAT_ADMIN_UI === '1' && env.CHAT_ADMIN_UI_PASSWORD_HASH
        ? {
            username: env.CHAT_ADMIN_UI_USERNAME,
            passwordHash: env.CHAT_ADMIN_UI_PASSWORD_HASH,
          }
        : undefined,
  };
}

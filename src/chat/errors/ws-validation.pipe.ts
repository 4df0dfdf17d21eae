import {
  Injectable,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import {
  fastCheckOf,
  type FastCheck,
} from '../transport/fast-path/fast-accept.js';
import { checkPayloadShape } from '../limits/payload-shape.js';
import { ChatError, type FieldError } from './chat.error.js';

function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = error.constraints
      ? [{ field, errors: Object.values(error.constraints) }]
      : [];
    return [...own, ...toFieldErrors(error.children ?? [], `${field}.`)];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function acceptWith(check: FastCheck | null, value: unknown): object | null {
  const payload = value ?? {};
  if (!isPlainObject(payload)) {
    throw ChatError.validation([
      { field: 'payload', errors: ['payload must be an object'] },
    ]);
  }
  return check ? check(payload) : null;
}

/**
 * Validates a gateway payload against its DTO and refuses anything else as
 * `VALIDATION_FAILED` with field details. A missing payload counts as `{}`,
 * so a DTO with required fields reports them; a payload that is not a plain
 * object (a number, a string, an array, binary) is refused as a whole.
 * Message payloads that pass their DTO's cheap check skip the full
 * class-transformer + class-validator run (see `dto/fast-accept.ts`); any
 * other is first checked for depth and size (`limits/payload-shape.ts`).
 */
@Injectable()
export class WsValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => ChatError.validation(toFieldErrors(errors)),
    });
  }

  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    const accepted = acceptWith(fastCheckOf(metadata.metatype), value);
    if (accepted) return accepted;
    const payload = (value ?? {}) as Record<string, unknown>;
    checkPayloadShape(payload);
    return (await super.transform(payload, metadata)) as unknown;
  }

  /**
   * For one DTO, its cheap check found once (hot handlers keep it): the
   * payload as the check accepts it, synchronously, or `null`: then only
   * `transform` can tell. Throws `VALIDATION_FAILED` for a payload that is
   * not a plain object.
   */
  acceptorFor(metatype: unknown): (value: unknown) => object | null {
    const check = fastCheckOf(metatype);
    return (value) => acceptWith(check, value);
  }
}

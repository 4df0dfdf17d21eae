import { ERROR_MESSAGES, ErrorCode } from '../contract/error-code.enum.js';
import type { ErrorBody } from '../contract/events.js';

export interface FieldError {
  field: string;
  errors: string[];
}

/** A refusal by the chat's rules, carrying the contract's code. Free of transport concerns. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES[code],
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ChatError';
  }

  static validation(fields: FieldError[]): ChatError {
    const names = fields.map((f) => f.field).join(', ');
    return new ChatError(
      ErrorCode.ValidationFailed,
      `Invalid payload: ${names}`,
      fields,
    );
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

import { HttpException, HttpStatus } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from './chat.error.js';

/** Nest's HTTP exceptions a host's guard, pipe or policy may throw, as the contract's codes. */
const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.ValidationFailed,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.Unauthorized,
  [HttpStatus.FORBIDDEN]: ErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: ErrorCode.NotFound,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RateLimited,
  [HttpStatus.SERVICE_UNAVAILABLE]: ErrorCode.Unavailable,
};

/**
 * The contract's error for what a gateway event threw, or `null` for an
 * unexpected fault. A guard that returns `false` makes Nest throw a
 * `WsException`: every `WsException` is a refusal (`FORBIDDEN`).
 */
export function chatErrorOf(exception: unknown): ChatError | null {
  if (exception instanceof ChatError) return exception;
  if (exception instanceof WsException) {
    return new ChatError(ErrorCode.Forbidden, messageOf(exception.getError()));
  }
  if (exception instanceof HttpException) {
    const code = CODE_OF_STATUS[exception.getStatus()];
    return code ? new ChatError(code, exception.message) : null;
  }
  return null;
}

function messageOf(error: string | object): string | undefined {
  if (typeof error === 'string') return error;
  const { message } = error as { message?: unknown };
  return typeof message === 'string' ? message : undefined;
}

import { STATUS_CODES } from 'node:http';
import {
  Catch,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError, type FieldError } from './chat.error.js';
import { HTTP_STATUS } from './http-status.js';

/**
 * Answers a `ChatError` from the HTTP API in Nest's own error shape
 * (`{ statusCode, message, error }`), field errors as a `string[]` like
 * `ValidationPipe` does; through the platform's adapter (Express or Fastify).
 */
@Catch(ChatError)
export class ChatHttpExceptionFilter implements ExceptionFilter<ChatError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: ChatError, host: ArgumentsHost): void {
    const status = HTTP_STATUS[error.code];
    const message =
      error.code === ErrorCode.ValidationFailed && Array.isArray(error.details)
        ? (error.details as FieldError[]).flatMap((field) => field.errors)
        : error.message;
    this.adapterHost.httpAdapter.reply(
      host.switchToHttp().getResponse(),
      { statusCode: status, message, error: STATUS_CODES[status] },
      status,
    );
  }
}

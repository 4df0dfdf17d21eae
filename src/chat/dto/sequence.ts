import { applyDecorators } from '@nestjs/common';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { CLIENT_MESSAGE_ID_PATTERN } from '../module/chat.constants.js';

/** An optional sequence number bound (`since`, `before`, `after`): an integer ≥ 0. */
export const OptionalSeq = () =>
  applyDecorators(IsOptional(), IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));

/** An optional `clientMessageId`. */
export const OptionalClientMessageId = () =>
  applyDecorators(
    IsOptional(),
    IsString(),
    Matches(CLIENT_MESSAGE_ID_PATTERN, {
      message:
        'clientMessageId must be 1-64 characters of A-Z, a-z, 0-9, _ and -',
    }),
  );

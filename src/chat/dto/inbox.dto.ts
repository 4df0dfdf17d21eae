import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { InboxPayload } from '../contract/events.js';
import { INBOX } from '../module/chat.constants.js';

/** `inbox:list`: one page of the user's rooms. */
export class InboxDto implements InboxPayload {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INBOX.maxLimit)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(INBOX.maxCursor)
  cursor?: string;
}

import { IsString, Length } from 'class-validator';
import type { SessionRefreshPayload } from '../contract/events.js';
import { MAX_TOKEN_BYTES } from '../module/chat.constants.js';

export class SessionRefreshDto implements SessionRefreshPayload {
  @IsString()
  @Length(1, MAX_TOKEN_BYTES)
  token!: string;
}

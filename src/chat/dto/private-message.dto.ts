import type { PrivatePayload } from '../contract/events.js';
import { IsUserId } from './kick.dto.js';
import { TextDto } from './text.dto.js';

export class PrivateMessageDto extends TextDto implements PrivatePayload {
  @IsUserId()
  to!: string;
}

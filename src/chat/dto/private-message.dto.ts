import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { PrivatePayload } from '../contract/events.js';
import { TextDto } from './text.dto.js';

export class PrivateMessageDto extends TextDto implements PrivatePayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  to!: string;
}

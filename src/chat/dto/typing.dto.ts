import { IsBoolean } from 'class-validator';
import type { TypingPayload } from '../contract/events.js';
import { RoomDto } from './room.dto.js';

export class TypingDto extends RoomDto implements TypingPayload {
  @IsBoolean()
  typing!: boolean;
}

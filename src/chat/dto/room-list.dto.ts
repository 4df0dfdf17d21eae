import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ROOM_LIST_PAGE } from '../module/chat.constants.js';
import type { RoomListPayload } from '../contract/events.js';
import { DecimalInt } from './transforms.js';

/** `room:list` (and `GET /api/rooms`, whose query arrives as text): one page of rooms. */
export class RoomListDto implements RoomListPayload {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  after?: string;

  @IsOptional()
  @DecimalInt()
  @IsInt()
  @Min(1)
  @Max(ROOM_LIST_PAGE)
  limit?: number;
}

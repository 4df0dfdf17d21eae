import { IsInt, IsOptional, Min } from 'class-validator';
import type { HistoryPayload } from '../contract/events.js';
import { RoomDto } from './room.dto.js';

/** The upper bound of `limit` is the configured history limit, checked by `RoomsService`. */
export class HistoryQueryDto extends RoomDto implements HistoryPayload {
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;
}

import { IsInt, IsOptional, Min } from 'class-validator';
import type { HistoryPayload } from '../contract/events.js';
import { RoomDto } from './room.dto.js';
import { OptionalSeq } from './sequence.js';

/**
 * The upper bound of `limit` is the configured history limit, and `before`
 * with `after` is refused, both by `HistoryService`.
 */
export class HistoryQueryDto extends RoomDto implements HistoryPayload {
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;

  @OptionalSeq()
  before?: number;

  @OptionalSeq()
  after?: number;
}

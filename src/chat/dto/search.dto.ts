import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { SearchPayload } from '../contract/events.js';
import { SEARCH } from '../module/chat.constants.js';
import { RoomDto } from './room.dto.js';
import { Trim } from './transforms.js';

export class SearchDto extends RoomDto implements SearchPayload {
  @Trim()
  @IsString()
  @Length(1, SEARCH.maxQuery)
  query!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(SEARCH.maxLimit)
  limit?: number;
}

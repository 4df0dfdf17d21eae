import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** `?limit=` of the HTTP history route (query strings arrive as text). */
export class MessagesQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;
}

import {
  type ArgumentMetadata,
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import {
  MessagesQueryDto,
  RoomDto,
  RoomListDto,
  TextDto,
} from '../dto/index.js';
import { ChatHttpExceptionFilter } from '../errors/http-exception.filter.js';
import { checkPayloadShape } from '../limits/payload-shape.js';
import { RoomsService } from '../rooms.service.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/** Bodies are checked for depth and size before class-transformer walks them. */
class BodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata) {
    checkPayloadShape(value);
    return super.transform(value, metadata);
  }
}

const valid = new BodyValidationPipe({ transform: true, whitelist: true });
/** Query strings are strict: an unknown parameter (`limit[]=1`, a typo) is a `400`, not ignored. */
const strictQuery = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
});

/**
 * The HTTP side of the chat, all behind the admin token: read rooms and
 * history (nothing a socket could not read without joining), push into a room.
 */
@Controller('api/rooms')
@UseGuards(AdminTokenGuard)
@UseFilters(ChatHttpExceptionFilter)
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  list(@Query(strictQuery) page: RoomListDto) {
    return this.rooms.listRooms(page);
  }

  @Get(':room/messages')
  history(
    @Param(valid) { room }: RoomDto,
    @Query(strictQuery) { limit }: MessagesQueryDto,
  ) {
    return this.rooms.history(room, { limit });
  }

  /** Members of the room get it as `message:new` from the system member. */
  @Post(':room/messages')
  async push(@Param(valid) { room }: RoomDto, @Body(valid) { text }: TextDto) {
    return { message: await this.rooms.publishToRoom(room, text) };
  }
}

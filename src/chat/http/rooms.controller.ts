import {
  type ArgumentMetadata,
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import {
  MessagesQueryDto,
  PushMessageDto,
  RoomDto,
  RoomListDto,
} from '../dto/index.js';
import { ChatHttpExceptionFilter } from '../errors/http-exception.filter.js';
import { checkPayloadShape } from '../limits/payload-shape.js';
import { RoomsService } from '../services/rooms.service.js';
import { MessagingService } from '../services/messaging.service.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/** Bodies are checked for depth and size before class-transformer walks them. */
class BodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata) {
    checkPayloadShape(value);
    return super.transform(value, metadata);
  }
}

/** What the route needs of the platform's response (Express and Fastify both have it). */
interface StatusSetter {
  status(code: number): unknown;
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
  constructor(
    private readonly rooms: RoomsService,
    private readonly messaging: MessagingService,
  ) {}

  @Get()
  list(@Query(strictQuery) page: RoomListDto) {
    return this.rooms.listRooms(page);
  }

  @Get(':room/messages')
  history(
    @Param(valid) { room }: RoomDto,
    @Query(strictQuery) page: MessagesQueryDto,
  ) {
    return this.rooms.history(room, page);
  }

  /**
   * Members of the room get it as `message:new` from the system member;
   * `201`, or `200` for a repeat of a kept `clientMessageId`.
   */
  @Post(':room/messages')
  async push(
    @Param(valid) { room }: RoomDto,
    @Body(valid) { text, clientMessageId }: PushMessageDto,
    @Res({ passthrough: true }) response: StatusSetter,
  ) {
    const { message, duplicate } = await this.messaging.publishToRoom(
      room,
      text,
      { clientMessageId },
    );
    if (duplicate) response.status(HttpStatus.OK);
    return { message };
  }
}

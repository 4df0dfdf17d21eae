import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { MessagesQueryDto, RoomDto, TextDto } from '../dto/index.js';
import { ChatHttpExceptionFilter } from '../errors/http-exception.filter.js';
import { RoomsService } from '../rooms.service.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/** The HTTP side of the chat: read rooms and history, push into a room. */
@Controller('api/rooms')
@UseFilters(ChatHttpExceptionFilter)
@UsePipes(new ValidationPipe({ transform: true, whitelist: true }))
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  list() {
    return this.rooms.listRooms();
  }

  @Get(':room/messages')
  history(@Param() { room }: RoomDto, @Query() { limit }: MessagesQueryDto) {
    return this.rooms.roomHistory(room, limit);
  }

  /** Members of the room get it as `message:new` from the system member. */
  @Post(':room/messages')
  @UseGuards(AdminTokenGuard)
  async push(@Param() { room }: RoomDto, @Body() { text }: TextDto) {
    return { message: await this.rooms.publishToRoom(room, text) };
  }
}

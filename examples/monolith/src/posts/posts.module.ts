import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { PostRoomPolicy } from './post-room.policy.js';
import { PostsController } from './posts.controller.js';
import { PostsService } from './posts.service.js';

/**
 * RoomsService comes from ChatModule, registered with `isGlobal: true`.
 * `PostRoomPolicy` is registered here, so the chat resolves it with its
 * dependency on `PostsService`.
 */
@Module({
  imports: [AuthModule],
  controllers: [PostsController],
  providers: [PostsService, PostRoomPolicy],
})
export class PostsModule {}

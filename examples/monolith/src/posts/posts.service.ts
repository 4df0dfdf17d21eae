import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RoomsService } from 'nest-chat-module';

export interface Post {
  id: string;
  title: string;
}

/** The room every open page joins to learn of new posts. */
export const POSTS_ROOM = 'posts';

@Injectable()
export class PostsService {
  private readonly posts: Post[] = [];

  constructor(private readonly rooms: RoomsService) {}

  list(): Post[] {
    return [...this.posts];
  }

  /** Stores the post, then tells every open page through the chat module. */
  async create(title: string): Promise<Post> {
    const post = { id: randomUUID(), title };
    this.posts.push(post);
    await this.rooms.publishToRoom(POSTS_ROOM, `New post: ${title}`);
    return post;
  }
}

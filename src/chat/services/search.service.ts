import { Inject, Injectable } from '@nestjs/common';
import type { SearchResult } from '../contract/events.js';
import { SEARCH } from '../module/chat.constants.js';
import { MessageSearch } from '../stores/message-search.interface.js';
import { searchWords } from '../stores/search-words.js';
import { ConnectionRegistry, type Connection } from './connection-registry.js';
import { OutageGuard } from './outage-guard.js';
import { RoomAccess } from './room-access.js';

/**
 * `room:search`: members only, the room policy's read rule asked, then the
 * room's kept messages with every word of the query, newest first. A query
 * without a single word (only punctuation) finds nothing.
 */
@Injectable()
export class SearchService {
  private readonly guard = new OutageGuard(
    'MessageSearch',
    'message search',
    'searches answer UNAVAILABLE',
  );

  constructor(
    @Inject(MessageSearch) private readonly store: MessageSearch,
    private readonly registry: ConnectionRegistry,
    private readonly access: RoomAccess,
  ) {}

  async search(
    connection: Connection,
    room: string,
    query: string,
    limit: number = SEARCH.defaultLimit,
  ): Promise<SearchResult> {
    this.registry.requireMembership(connection, room);
    await this.access.read(connection.user, room);
    const words = [...new Set(searchWords(query))];
    if (words.length === 0) return { room, messages: [] };
    const messages = await this.guard.run(
      this.store.search(room, words, limit),
    );
    return { room, messages };
  }
}

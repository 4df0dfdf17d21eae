import type {
  AdminClientToServerEvents,
  AdminServerToClientEvents,
} from './admin-events.js';
import * as s from './asyncapi-schemas.js';

/** A client → server event: its payload and the data of its ack. */
export interface Request {
  summary: string;
  payload: s.Schema;
  data: s.Schema;
}
/** A server → client event. */
export interface Event {
  summary: string;
  payload: s.Schema;
}

// The /admin namespace, typed by its event maps as the /chat ones are.
export const ADMIN_REQUESTS: Record<keyof AdminClientToServerEvents, Request> =
  {
    'admin:announce': {
      summary: 'Announce to every /chat client',
      payload: s.textPayload,
      data: s.messageResult,
    },
    'admin:kick': {
      summary: 'Kick a user out of a room, or off the server',
      payload: s.kickPayload,
      data: s.kickResult,
    },
    'admin:stats': {
      summary: 'Connections, rooms and accepted messages',
      payload: s.empty,
      data: s.statsResult,
    },
    'admin:delete': {
      summary: 'Delete any author’s message',
      payload: s.messageRef,
      data: s.messageRef,
    },
    'admin:ban': {
      summary: 'Ban a user from a room (kicks it)',
      payload: s.moderationPayload,
      data: s.kickResult,
    },
    'admin:unban': {
      summary: 'End a ban',
      payload: s.moderationTarget,
      data: s.empty,
    },
    'admin:mute': {
      summary: 'Mute a user in a room',
      payload: s.moderationPayload,
      data: s.empty,
    },
    'admin:unmute': {
      summary: 'End a mute',
      payload: s.moderationTarget,
      data: s.empty,
    },
    'admin:moderation': {
      summary: 'Bans and mutes in force in a room',
      payload: s.roomRef,
      data: s.moderationResult,
    },
  };

export const ADMIN_EVENTS: Record<keyof AdminServerToClientEvents, Event> = {
  exception: {
    summary: 'A refused call sent without an ack callback',
    payload: s.exceptionEvent,
  },
};

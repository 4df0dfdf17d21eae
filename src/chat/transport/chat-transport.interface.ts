import type { ServerToClientEvents } from '../contract/events.js';
import type { ModerationChange } from '../services/moderation.service.js';

/** Who receives a delivery. Room and user names are the contract's; the transport maps them to its own rooms. */
export type DeliveryTarget =
  { room: string } | { user: string } | { socket: string } | { everyone: true };

export type Delivery = {
  [E in keyof ServerToClientEvents]: {
    to: DeliveryTarget;
    /** A socket that must not receive it (usually the sender). */
    except?: string;
    /** A user none of whose sockets may receive it. */
    exceptUser?: string;
    event: E;
    payload: Parameters<ServerToClientEvents[E]>[0];
    /** Worth nothing later (typing): may be dropped under load, never kept for recovery. */
    transient?: true;
  };
}[keyof ServerToClientEvents];

/** A signed-in user's membership that began or ended, as instances tell each other. */
export interface MembershipChange {
  userId: string;
  room: string;
  added: boolean;
}

/**
 * What `RoomsService` needs from the realtime transport. The `/chat` gateway
 * implements it; keeping it an interface keeps Socket.IO out of the rules.
 */
export interface ChatTransport {
  deliver(delivery: Delivery): void;
  /** Subscribes a socket of this instance to a room's deliveries. */
  subscribe(socketId: string, room: string): void;
  unsubscribe(socketId: string, room: string): void;
  /** Closes a socket of this instance for good (`io server disconnect`). */
  disconnect(socketId: string): void;
  /** Stored recovery sessions of the user no longer restore (it was kicked). */
  revokeSessions(userId: string): void;
  /** Asks every other instance to kick locally; resolves with the sum of their counts (0 alone). */
  kickOnPeers(userId: string, room?: string): Promise<number>;
  /** Tells every other instance that a user's membership began or ended; resolves once they applied it (or did not answer in time). */
  membershipOnPeers(change: MembershipChange): Promise<void>;
  /** Tells every other instance of a ban or mute set or lifted; resolves once they mirrored it (or did not answer in time). */
  moderateOnPeers(change: ModerationChange): Promise<void>;
}

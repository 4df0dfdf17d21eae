import {
  Adapter,
  SessionAwareAdapter,
  type BroadcastOptions,
  type PrivateSessionId,
  type Session,
} from 'socket.io-adapter';
import type { Namespace } from 'socket.io';
import type { Member } from '../contract/events.js';
import type { SessionRevocations } from './session-revocations.js';

/**
 * Events that matter only at the moment they are sent: never kept for
 * connection state recovery, never replayed. An attacker's failing events
 * (answered by `exception`) or `typing` floods then cost no buffer.
 */
export const TRANSIENT_EVENTS: ReadonlySet<string> = new Set([
  'typing',
  'exception',
]);

interface RecoveryState {
  sessions: Map<PrivateSessionId, Session>;
  packets: unknown[];
}

type SessionRestorer = Pick<Adapter, 'restoreSession'> & {
  nsp: Namespace;
};

/**
 * Wraps an adapter's `restoreSession` (in memory or Redis): a session comes
 * back at most once (the Redis adapter's `GETDEL` already does so; the
 * in-memory one is made to), never while a socket with its id is live,
 * never for a user kicked since, and without transient events.
 */
export function guardSessions(
  adapter: SessionRestorer,
  revocations: SessionRevocations,
): void {
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    const user = (session.data as { user?: Member } | undefined)?.user;
    const disconnectedAt = (session as { disconnectedAt?: number })
      .disconnectedAt;
    if (
      adapter.nsp.sockets.has(session.sid) ||
      (user && revocations.isRevoked(user.userId, disconnectedAt))
    ) {
      return null as unknown as Session;
    }
    session.missedPackets = session.missedPackets.filter(
      (data: unknown[]) => !TRANSIENT_EVENTS.has(String(data[0])),
    );
    return session;
  };
}

/**
 * Socket.IO's in-memory recovery adapter, bounded: at most `maxPackets`
 * packets are kept (the oldest go first, so an old offset is simply not
 * recoverable), transient events are not kept, and a restored session is
 * used up.
 */
export function boundedSessionAdapter(
  maxPackets: number,
  revocations: SessionRevocations,
): typeof SessionAwareAdapter {
  return class BoundedSessionAdapter extends SessionAwareAdapter {
    constructor(nsp: Namespace) {
      super(nsp);
      guardSessions(this, revocations);
    }

    private get state(): RecoveryState {
      return this as unknown as RecoveryState;
    }

    override restoreSession(
      pid: PrivateSessionId,
      offset: string,
    ): Promise<Session> {
      const restored = super.restoreSession(pid, offset);
      this.state.sessions.delete(pid);
      return restored;
    }

    override broadcast(packet: { data?: unknown[] }, opts: BroadcastOptions) {
      if (TRANSIENT_EVENTS.has(String(packet.data?.[0]))) {
        Adapter.prototype.broadcast.call(this, packet, opts);
        return;
      }
      super.broadcast(packet, opts);
      const packets = this.state.packets;
      // Trimmed in batches: one splice per tenth of the bound, not per packet.
      if (packets.length > maxPackets + Math.ceil(maxPackets / 10)) {
        packets.splice(0, packets.length - maxPackets);
      }
    }

    /** Packets kept for recovery now (a gauge in `/metrics`). */
    get bufferedPackets(): number {
      return this.state.packets.length;
    }
  };
}

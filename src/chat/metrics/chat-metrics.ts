import { Inject, Injectable, Optional } from '@nestjs/common';
import { CHAT_EXTRAS, type ChatExtras } from '../module/chat-options.js';
import { EVENT_TIMING_SAMPLE, EventMeter } from './event-meter.js';
import { HotCounter, type CountCell } from './hot-counter.js';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';

export type MessageKind = 'room' | 'broadcast' | 'private' | 'announcement';

/** What the gauges read when scraped. */
export interface ChatGaugeSources {
  connections(): number;
  rooms(): Promise<number>;
  /** `null` without Redis (no `chat_redis_up` then). */
  redisUp(): boolean | null;
  /** Bans and mutes in force, as this instance knows them. */
  moderation(): Record<'ban' | 'mute', number>;
}

/**
 * The chat's Prometheus metrics, in a registry of their own so a host's
 * metrics and several apps in one process never clash.
 */
@Injectable()
export class ChatMetrics {
  readonly registry = new Registry();
  private sources: ChatGaugeSources | null = null;

  private readonly messages = new HotCounter(
    this.registry,
    'chat_messages_total',
    'Chat messages accepted, by kind',
    'kind',
  );

  /** Found once: counting a message is one increment. */
  private readonly acceptedCells: Record<MessageKind, CountCell> = {
    room: this.messages.cell('room'),
    broadcast: this.messages.cell('broadcast'),
    private: this.messages.cell('private'),
    announcement: this.messages.cell('announcement'),
  };

  private readonly errors = new HotCounter(
    this.registry,
    'chat_errors_total',
    'Refused client events, by error code',
    'code',
  );

  private readonly events = new HotCounter(
    this.registry,
    'chat_events_total',
    'Client events handled (admitted past the event budget), by event',
    'event',
  );

  private readonly slowConsumers = new Counter({
    name: 'chat_slow_consumers_closed_total',
    help: 'Connections closed because more bytes waited to be written to them than maxBufferedBytes',
    registers: [this.registry],
  });

  private readonly refusedConnections = new Counter({
    name: 'chat_connections_refused_total',
    help: 'Connection attempts refused before the handshake, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly handling = new Histogram({
    name: 'chat_event_duration_seconds',
    help: `Time from a client event to its ack, by event (one event in ${EVENT_TIMING_SAMPLE} of each name is timed)`,
    labelNames: ['event'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(
    @Optional() @Inject(CHAT_EXTRAS) extras: ChatExtras | null = null,
  ) {
    const sources = () => this.sources;
    new Gauge({
      name: 'chat_connections',
      help: 'Sockets connected to /chat on this instance',
      registers: [this.registry],
      collect() {
        this.set(sources()?.connections() ?? 0);
      },
    });
    new Gauge({
      name: 'chat_rooms',
      help: 'Rooms that exist (every instance)',
      registers: [this.registry],
      async collect() {
        // While the store is away the last value stands: a scrape never fails.
        const rooms = await sources()
          ?.rooms()
          .catch(() => null);
        if (rooms !== null) this.set(rooms ?? 0);
      },
    });
    new Gauge({
      name: 'chat_moderation_active',
      help: 'Bans and mutes in force (every instance shares them), by kind',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        const counts = sources()?.moderation() ?? { ban: 0, mute: 0 };
        for (const [kind, count] of Object.entries(counts)) {
          this.set({ kind }, count);
        }
      },
    });
    // Process metrics (timers, GC observers) only when the host asked for /metrics.
    if (extras?.metrics) {
      collectDefaultMetrics({ register: this.registry, prefix: 'chat_' });
    }
  }

  observe(sources: ChatGaugeSources): void {
    this.sources = sources;
    if (sources.redisUp() === null) return;
    new Gauge({
      name: 'chat_redis_up',
      help: '1 while the Redis connection is ready',
      registers: [this.registry],
      collect() {
        this.set(sources.redisUp() ? 1 : 0);
      },
    });
  }

  /** Reads how many packets the recovery buffer holds (`null`: not this instance's to count, e.g. Redis). */
  observeRecoveryBuffer(packets: () => number | null): void {
    if (packets() === null) return;
    new Gauge({
      name: 'chat_recovery_buffer_packets',
      help: 'Packets kept for connection state recovery (bounded by recoveryBufferPackets)',
      registers: [this.registry],
      collect() {
        this.set(packets() ?? 0);
      },
    });
  }

  messageAccepted(kind: MessageKind): void {
    this.acceptedCells[kind].count++;
  }

  slowConsumerClosed(): void {
    this.slowConsumers.inc();
  }

  connectionRefused(
    reason: 'origin' | 'address_connections' | 'address_rate',
  ): void {
    this.refusedConnections.inc({ reason });
  }

  eventRefused(code: string): void {
    this.errors.inc(code);
  }

  private readonly meters = new Map<string, EventMeter>();

  /** The count and sampled timing of one client event name (find it once per handler). */
  meter(event: string): EventMeter {
    let meter = this.meters.get(event);
    if (!meter) {
      meter = new EventMeter(event, this.events.cell(event), this.handling);
      this.meters.set(event, meter);
    }
    return meter;
  }
}

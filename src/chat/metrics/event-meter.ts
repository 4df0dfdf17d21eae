import type { Histogram } from 'prom-client';
import type { CountCell } from './hot-counter.js';

/** One event in this many of each name is timed for `chat_event_duration_seconds`. */
export const EVENT_TIMING_SAMPLE = 64;
const untimed = () => undefined;

/**
 * The count and sampled timing of one client event name, found once per
 * handler. Timing every event through prom-client's `observe` was a
 * measurable share of the per-message path, and even one in 16 was: its
 * rarely called `observe` stays unoptimised and stores each bucket by a
 * number key (BENCHMARKS.md, "Levers"). The count stays exact.
 */
export class EventMeter {
  private observe: ((seconds: number) => void) | null = null;

  constructor(
    readonly event: string,
    private readonly cell: CountCell,
    private readonly histogram: Histogram<'event'>,
  ) {}

  /**
   * Counts the event and, for the first and then one in
   * `EVENT_TIMING_SAMPLE`, starts timing it; call the result when it is
   * answered.
   */
  start(): () => void {
    if (++this.cell.count % EVENT_TIMING_SAMPLE !== 1) return untimed;
    const observe = (this.observe ??= this.observer());
    const started = performance.now();
    return () => observe((performance.now() - started) / 1000);
  }

  /** Bound once: no label object merged per timed event. */
  private observer(): (seconds: number) => void {
    const child = this.histogram.labels(this.event);
    return (seconds) => child.observe(seconds);
  }
}

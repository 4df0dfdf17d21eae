import { Counter, type Registry } from 'prom-client';

/**
 * A counter with one label, counted in a plain `Map` and handed to
 * prom-client only when scraped. prom-client's own `inc` validates and
 * hashes the label object on every call, a measurable share of the
 * per-message path (BENCHMARKS.md, "Levers").
 */
export class HotCounter {
  private readonly counts = new Map<string, number>();

  constructor(registry: Registry, name: string, help: string, label: string) {
    const counts = this.counts;
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        this.reset();
        for (const [value, count] of counts)
          this.inc({ [label]: value }, count);
      },
    });
  }

  /** Counts one under `value`; returns how many were counted under it so far. */
  inc(value: string): number {
    const count = (this.counts.get(value) ?? 0) + 1;
    this.counts.set(value, count);
    return count;
  }
}

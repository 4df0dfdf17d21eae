import { Counter, type Registry } from 'prom-client';

/** The count of one label value: found once, then counted in place. */
export interface CountCell {
  count: number;
}

/**
 * A counter with one label, counted in plain cells and handed to
 * prom-client only when scraped. prom-client's own `inc` validates and
 * hashes the label object on every call, a measurable share of the
 * per-message path (BENCHMARKS.md, "Levers"); hot callers keep their cell
 * and skip even the lookup by value.
 */
export class HotCounter {
  private readonly cells = new Map<string, CountCell>();

  constructor(registry: Registry, name: string, help: string, label: string) {
    const cells = this.cells;
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        this.reset();
        for (const [value, { count }] of cells) {
          // A cell found but not counted yet is not a series yet.
          if (count > 0) this.inc({ [label]: value }, count);
        }
      },
    });
  }

  /** The cell counting under `value`. */
  cell(value: string): CountCell {
    let cell = this.cells.get(value);
    if (!cell) {
      cell = { count: 0 };
      this.cells.set(value, cell);
    }
    return cell;
  }

  /** Counts one under `value`. */
  inc(value: string): void {
    this.cell(value).count++;
  }
}

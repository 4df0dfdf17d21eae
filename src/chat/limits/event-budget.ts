/** The current window of one socket's event budget, kept on the socket itself. */
interface EventWindow {
  startedAt: number;
  used: number;
}

const WINDOW = Symbol('chat:eventWindow');

/** Anything the window can be kept on (a socket). */
export type BudgetHolder = object & { [WINDOW]?: EventWindow };

/**
 * Every client event of a socket, refused ones too, counted in fixed
 * windows. Kept on the socket and checked synchronously: no promise, map
 * entry or timer per event, which `rate-limiter-flexible` (used for the
 * message budgets, per user and address) costs on this hot path
 * (BENCHMARKS.md, "Levers"; the runs: docs/bench-history.md,
 * "The hardening build").
 */
export class EventBudget {
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Spends one event; `false` once the window's budget is used up. */
  take(holder: BudgetHolder): boolean {
    if (this.limit <= 0) return true;
    const now = Date.now();
    let window = holder[WINDOW];
    if (!window || now - window.startedAt >= this.windowMs) {
      window = holder[WINDOW] = { startedAt: now, used: 0 };
    }
    return ++window.used <= this.limit;
  }
}

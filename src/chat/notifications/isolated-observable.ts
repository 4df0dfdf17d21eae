import {
  Observable,
  Subscriber,
  type Observer,
  type Operator,
  type Subscription,
  type TeardownLogic,
} from 'rxjs';

type Report = (error: unknown) => void;

/**
 * An Observable whose subscribers cannot hurt the code that emits: a
 * handler that throws (or returns a promise that rejects) is reported and
 * keeps its subscription, and an error with no handler is reported instead
 * of RxJS rethrowing it on a timer (which would end the process). Chains
 * piped from it stay isolated, as a `Subject`'s stay subjects (`lift`).
 */
export class IsolatedObservable<T> extends Observable<T> {
  constructor(
    private readonly report: Report,
    subscribe?: (subscriber: Subscriber<T>) => TeardownLogic,
  ) {
    super(subscribe);
  }

  override lift<R>(operator?: Operator<T, R>): Observable<R> {
    const lifted = new IsolatedObservable<R>(this.report);
    lifted.source = this;
    lifted.operator = operator;
    return lifted;
  }

  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    // An operator's own subscriber is internal: only the consumer is wrapped.
    if (observerOrNext instanceof Subscriber) {
      return super.subscribe(observerOrNext);
    }
    const observer: Partial<Observer<T>> =
      typeof observerOrNext === 'function' || !observerOrNext
        ? {
            next: observerOrNext ?? undefined,
            error: error ?? undefined,
            complete: complete ?? undefined,
          }
        : observerOrNext;
    const guarded = (run: () => unknown) => {
      try {
        const result = run();
        if (result instanceof Promise) result.catch(this.report);
      } catch (thrown) {
        this.report(thrown);
      }
    };
    return super.subscribe({
      next: (value) => {
        if (observer.next) guarded(() => observer.next!.call(observer, value));
      },
      error: (failure: unknown) => {
        if (observer.error)
          guarded(() => observer.error!.call(observer, failure));
        else this.report(failure);
      },
      complete: () => {
        if (observer.complete) guarded(() => observer.complete!.call(observer));
      },
    });
  }
}

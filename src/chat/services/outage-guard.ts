import { Logger } from '@nestjs/common';
import { ErrorCode } from '../contract/error-code.enum.js';
import { ChatError } from '../errors/chat.error.js';

/** A store call not answered by then counts as an outage: the contract answers within 5 s. */
const DEADLINE_MS = 4000;

/**
 * Turns a store that fails or does not answer in time into `UNAVAILABLE`,
 * said once in the log when the outage starts and once when it ends (not
 * once per event). One guard per store.
 */
export class OutageGuard {
  private readonly logger: Logger;
  private down = false;

  constructor(
    context: string,
    /** The store as the log names it ("message store"). */
    private readonly name: string,
    /** What the outage means to users, for the log line. */
    private readonly effect: string,
  ) {
    this.logger = new Logger(context);
  }

  async run<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${DEADLINE_MS} ms`)),
        DEADLINE_MS,
      );
    });
    work.catch(() => undefined); // a late failure after the deadline is not unhandled
    try {
      const result = await Promise.race([work, deadline]);
      if (this.down) {
        this.down = false;
        this.logger.log(`The ${this.name} answers again`);
      }
      return result;
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.logger.warn(
          `The ${this.name} is unavailable (${error instanceof Error ? error.message : String(error)}): ${this.effect} until it is back`,
        );
      }
      throw new ChatError(ErrorCode.Unavailable);
    } finally {
      clearTimeout(timer);
    }
  }
}

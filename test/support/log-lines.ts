import type { LoggerService } from '@nestjs/common';

/** Every line an app logs, as `[context] message`, and each one's level. */
export class LogLines implements LoggerService {
  readonly lines: string[] = [];
  readonly levels: string[] = [];
  private at =
    (level: string) =>
    (message: unknown, context?: unknown): void => {
      this.lines.push(`[${String(context)}] ${String(message)}`);
      this.levels.push(level);
    };
  log = this.at('log');
  warn = this.at('warn');
  error = this.at('error');
  debug = this.at('debug');
  verbose = this.at('verbose');

  /** The lines logged at `level` that contain `text`. */
  matching(level: string, text: string): string[] {
    return this.lines.filter(
      (line, i) => this.levels[i] === level && line.includes(text),
    );
  }
}

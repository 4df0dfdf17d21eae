import { PAYLOAD_SHAPE } from '../module/chat.constants.js';
import { ChatError } from '../errors/chat.error.js';

/**
 * Refuses (`VALIDATION_FAILED`) a payload nested deeper than
 * `PAYLOAD_SHAPE.maxDepth` or holding more than `PAYLOAD_SHAPE.maxNodes`
 * values, before class-transformer walks it recursively (3,000 levels
 * overflow its stack). Iterative, and it stops at the first excess, so a
 * hostile payload costs at most `maxNodes` steps.
 */
export function checkPayloadShape(payload: unknown): void {
  const { maxDepth, maxNodes } = PAYLOAD_SHAPE;
  const pending: { value: object; depth: number }[] = [];
  let nodes = 1;
  if (typeof payload === 'object' && payload !== null) {
    pending.push({ value: payload, depth: 1 });
  }
  for (let item = pending.pop(); item; item = pending.pop()) {
    for (const key in item.value) {
      if (++nodes > maxNodes) {
        throw refusal(`payload must hold at most ${maxNodes} values`);
      }
      const child: unknown = (item.value as Record<string, unknown>)[key];
      if (typeof child !== 'object' || child === null) continue;
      if (item.depth >= maxDepth) {
        throw refusal(`payload must nest at most ${maxDepth} levels`);
      }
      pending.push({ value: child, depth: item.depth + 1 });
    }
  }
}

const refusal = (error: string) =>
  ChatError.validation([{ field: 'payload', errors: [error] }]);

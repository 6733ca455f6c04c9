/** The contract between the runner and the sovereignty layer: the runner calls it, never the reverse. */
import type { Hosting, Message, Suite, TestCase } from '../core/types.js';

export type GuardedModel = { id: string; hosting: Hosting };

export interface RequestGuard {
  /** The request as it will be sent (PII masked when required) and how to restore the answer. */
  prepare(model: GuardedModel, suite: Suite, testCase: TestCase, messages: Message[]): { messages: Message[]; restore(text: string): string; redactions: number };
  /** Called once per case that reached the model, with the bytes of every attempt sent. */
  sent(model: GuardedModel, suite: Suite, testCase: TestCase, bytes: number, redactions: number): void;
}

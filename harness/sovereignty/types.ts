/** The contract between the runner and the sovereignty layer: the runner calls it, never the reverse. */
import type { Hosting, Message, Suite, TestCase, Vars } from '../core/types.js';
import type { EgressPurpose } from './egress.js';

export type GuardedModel = { id: string; hosting: Hosting };

/** Everything of a case a request can carry: the messages, and the values templates read. */
export type Outgoing = { messages: Message[]; vars: Vars; reference?: string };

/** A request as it may leave: masked when required, with how to read the answer back. */
export type Prepared = Outgoing & {
  /** The messages flattened to one text (completion-mode models, programs, logs). */
  text: string;
  /** Puts the real values back behind the placeholders the model repeated. */
  restore(text: string): string;
  /** Distinct personal values masked in this request. */
  redactions: number;
};

/**
 * The gate of one case (one repeat): every request built from this case's data — the candidate's,
 * each attempt, each judge's — is prepared and sent through it. One redactor per case, so a judge
 * sees the very placeholders the candidate saw (`[TEL_1]` in the prompt, the answer and the
 * reference alike) and its verdict stays meaningful.
 */
export interface CaseGate {
  /**
   * Checks the hosting policy (throws HarnessError `policy-refused` when this model may not see
   * this case) and masks what will be sent: messages, vars and reference alike.
   */
  prepare(model: GuardedModel, purpose: EgressPurpose, outgoing: Outgoing): Prepared;
  /** Writes the ledger line (before the request leaves), runs `call`, then writes its outcome. */
  send<T>(model: GuardedModel, purpose: EgressPurpose, prepared: Prepared, call: () => Promise<T>): Promise<T>;
}

export interface RequestGuard {
  /** The gate for one case; `testCase` absent means a neutral request carrying no case data. */
  forCase(suite: Suite | undefined, testCase: TestCase | undefined, repeat: number): CaseGate;
}

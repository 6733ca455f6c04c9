/**
 * Progress in the terminal: a bar on a TTY, plain lines otherwise (logs of overnight runs), and one
 * line per stopped model. Writes to the stream it is given (stderr by default in the CLI). Ids and
 * reasons come from suites, configs and servers: they are printed with their control characters
 * removed; only the bar, which prints numbers, draws on the terminal itself.
 */
import cliProgress from 'cli-progress';
import { terminalOf } from '../core/gated-output.js';
import { oneLine } from '../core/terminal-text.js';
import type { CaseResult } from '../core/types.js';
import type { Reporter } from '../runner/events.js';

export type ConsoleReporterOptions = { stream: NodeJS.WritableStream & { isTTY?: boolean }; tty: boolean };

export const createConsoleReporter = ({ stream, tty }: ConsoleReporterOptions): Reporter => {
  let total = 0;
  let done = 0;
  let failed = 0;
  let errors = 0;
  let step = 1;
  let bar: cliProgress.SingleBar | undefined;
  const write = (line: string) => {
    if (bar) bar.stop();
    stream.write(`${line}\n`);
    if (bar) bar.start(total, done, { failed, errors });
  };
  return {
    onRunStart(plan) {
      total = plan.total - plan.skipped;
      step = Math.max(1, Math.floor(total / 20));
      const models = plan.models.map((m) => oneLine(m.id)).join(', ');
      stream.write(`Campagne ${oneLine(plan.runId)} : ${plan.suites.length} suite(s) × modèles [${models}] × ${plan.repeat} répétition(s) = ${total} requête(s)\n`);
      if (plan.skipped > 0) stream.write(`Reprise : ${plan.skipped} résultat(s) déjà enregistrés sont conservés.\n`);
      if (tty && total > 0) {
        bar = new cliProgress.SingleBar(
          { format: ' {bar} {percentage}% | {value}/{total} | échecs {failed} | erreurs {errors} | {eta_formatted}', stream: terminalOf(stream), hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { failed: 0, errors: 0 });
      }
    },
    onCaseResult(r: CaseResult) {
      done++;
      if (r.status === 'failed') failed++;
      if (r.status === 'error') errors++;
      if (bar) bar.update(done, { failed, errors });
      else if (done % step === 0 || done === total) {
        stream.write(`[${done}/${total}] ${oneLine(r.suite)} × ${oneLine(r.model)} : ${oneLine(r.caseId)} ${r.status === 'passed' ? 'réussi' : r.status === 'failed' ? 'échoué' : `erreur (${r.error?.code})`}\n`);
      }
    },
    onModelStopped(model, reason) {
      write(`⚠ ${oneLine(model)} arrêté : ${oneLine(reason)}. Ses cas restants sont notés en erreur ; les autres modèles continuent.`);
    },
    onRunEnd() {
      bar?.stop();
      bar = undefined;
    },
  };
};

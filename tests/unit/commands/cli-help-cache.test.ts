import { describe, expect, it } from 'vitest';
import { buildCli, type Handlers } from '../../../harness/cli.js';

/** Handlers that record the command they got, or fail with `error` when given. */
const recording = (error?: Error) => {
  const calls: { name: string; args: Record<string, unknown> }[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, name) => async (args: Record<string, unknown>) => {
      calls.push({ name: String(name), args });
      if (error) throw error;
    },
  });
  return { handlers, calls };
};

type Usage = { hasCachedHelpMessage(): boolean };
const usageOf = (cli: ReturnType<typeof buildCli>): Usage => (cli as unknown as { getInternalMethods(): { getUsageInstance(): Usage } }).getInternalMethods().getUsageInstance();

describe('CLI wiring: the help text is rendered only when asked for', () => {
  it('runs a command without rendering the help text yargs would keep for a failure', async () => {
    const { handlers, calls } = recording();
    const cli = buildCli(handlers, ['run', '--suite', 'a', '--suite', 'b', '--quiet'], '1.2.3');
    await cli.parseAsync();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'run', args: { suite: ['a', 'b'], quiet: true } });
    expect(usageOf(cli).hasCachedHelpMessage()).toBe(false);
  });

  it('still reports a failing command through .fail, and still prints --help in full', async () => {
    const boom = new Error('échec simulé');
    const { handlers } = recording(boom);
    const failures: unknown[] = [];
    await buildCli(handlers, ['validate', 'suite.yaml'], '1')
      .fail((_msg, err) => {
        failures.push(err);
      })
      .parseAsync()
      .catch((e: unknown) => failures.push(e));
    expect(failures).toContain(boom);

    let help = '';
    await buildCli(recording().handlers, ['run', '--help'], '1').parseAsync(['run', '--help'], {}, (_e, _a, output) => {
      help = output;
    });
    expect(help).toContain('--concurrent-local');
    expect(help).toContain('lance une campagne');
  });
});

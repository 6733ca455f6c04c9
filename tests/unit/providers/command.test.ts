import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { cpuDeltaMs, createChildCpuClock, parseChildTicks } from '../../../harness/providers/child-cpu.js';
import type { ChildCpuClock } from '../../../harness/providers/child-cpu.js';
import { CommandConfigSchema, commandProvider, createCommandProviderDefinition } from '../../../harness/providers/command.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../../harness/providers/types.js';
import { providerDeps } from '../../helpers/provider-deps.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'command-provider-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const deps = (over: Partial<ProviderDeps> = {}): ProviderDeps => providerDeps({ env: { PATH: process.env.PATH, LANG: 'C.UTF-8' }, projectRoot: root, ...over });

const makeProvider = (fields: Record<string, unknown>, opts: { deps?: ProviderDeps; cpuClock?: ChildCpuClock } = {}): Provider => {
  const definition = opts.cpuClock ? createCommandProviderDefinition({ cpuClock: opts.cpuClock }) : commandProvider;
  const config = CommandConfigSchema.parse(fields);
  return definition.create({ id: 'programme', provider: 'command', hosting: 'local', ...config }, opts.deps ?? deps());
};

const request = (prompt: string, over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content: prompt }],
  prompt,
  params: {},
  signal: new AbortController().signal,
  ...over,
});

const rejection = async (p: Promise<unknown>): Promise<HarnessError> => {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HarnessError);
  return e as HarnessError;
};

/** Whether a process still runs; a zombie (killed, not yet reaped) answers signal 0, so read its state. */
const isAlive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

describe('command provider: real small programs', () => {
  it('writes the prompt to stdin and returns stdout, trimmed by default', async () => {
    const prompt = 'Bonjour, ça va ? « guillemets » 🚲\nDeuxième ligne\n';
    const result = await makeProvider({ command: 'cat' }).complete(request(prompt));
    expect(result.text).toBe(prompt.trim());
    expect(result.modelIdentity).toBe('cat');
    expect(result.usage?.estimated).toBe(true);
    expect(result.timings.ttftMs).toBe(result.timings.totalMs);
    expect(result.timings.totalMs).toBeGreaterThan(0);

    const untrimmed = await makeProvider({ command: 'cat', trim: false }).complete(request(prompt));
    expect(untrimmed.text).toBe(prompt);
  });

  it('hands over a large prompt whole', async () => {
    const prompt = 'mot '.repeat(100_000);
    const result = await makeProvider({ command: 'wc', args: ['-c'] }).complete(request(prompt));
    expect(result.text).toBe(String(Buffer.byteLength(prompt)));
  });

  it('passes env, cwd and templated args; stdin none gives the program no input', async () => {
    await mkdir(join(root, 'travail'), { recursive: true });
    const provider = makeProvider({
      command: 'sh',
      args: ['-c', 'printf "%s|%s|%s|" "$SALUT" "$(pwd)" "$1"; cat', 'sh', '{{vars.mot}}'],
      env: { SALUT: 'bonjour' },
      cwd: 'travail',
      stdin: 'none',
    });
    const result = await provider.complete(request('ignoré', { case: { id: 'c1', vars: { mot: 'déchèterie "encombrants"' } } }));
    expect(result.text).toBe(`bonjour|${join(root, 'travail')}|déchèterie "encombrants"|`);
    expect(result.modelIdentity).toBe('sh -c printf "%s|%s|%s|" "$SALUT" "$(pwd)" "$1"; cat sh {{vars.mot}}');
  });

  it('fails with invalid-input when a templated arg names a missing var', async () => {
    const e = await rejection(makeProvider({ command: 'echo', args: ['{{vars.mot}}'] }).complete(request('x')));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('mot');
  });

  it('maps a non-zero exit to provider-error with the end of stderr', async () => {
    const e = await rejection(makeProvider({ command: 'sh', args: ['-c', 'echo "dictionnaire absent" >&2; exit 3'] }).complete(request('x')));
    expect(e.code).toBe('provider-error');
    expect(e.message).toContain('code de sortie 3');
    expect(e.message).toContain('dictionnaire absent');
  });

  it('keeps only the last 2 KB of a long stderr', async () => {
    const script = 'i=0; while [ $i -lt 400 ]; do echo "ligne de bruit numéro $i" >&2; i=$((i+1)); done; echo FIN-DU-JOURNAL >&2; exit 1';
    const e = await rejection(makeProvider({ command: 'sh', args: ['-c', script] }).complete(request('x')));
    expect(e.message).toContain('FIN-DU-JOURNAL');
    expect(e.message).not.toContain('numéro 0 ');
    expect(e.message.length).toBeLessThan(2_300);
  });

  it('treats exit 0 with no output but a complaint on stderr as a failure', async () => {
    const e = await rejection(makeProvider({ command: 'sh', args: ['-c', 'echo "USAGE: outil [fichier]" >&2'] }).complete(request('x')));
    expect(e.code).toBe('provider-error');
    expect(e.message).toContain('USAGE: outil');
  });

  it('reports a missing program as unreachable, with an install hint for apertium', async () => {
    const e = await rejection(makeProvider({ command: 'programme-qui-n-existe-pas' }).complete(request('x')));
    expect(e.code).toBe('unreachable');
    expect(e.message).toContain('« programme-qui-n-existe-pas » introuvable');
    expect(e.hint).toContain('vérifiez le chemin');

    const apertium = await rejection(makeProvider({ command: 'apertium', args: ['fr-es'] }, { deps: deps({ env: { PATH: root } }) }).complete(request('x')));
    expect(apertium.code).toBe('unreachable');
    expect(apertium.hint).toBe('sudo apt-get install apertium apertium-fr-es apertium-br-fr');

    const cwd = await rejection(makeProvider({ command: 'cat', cwd: 'dossier-absent' }).complete(request('x')));
    expect(cwd.message).toContain('dossier de travail');
  });

  it('check() says whether the program can be found', async () => {
    const signal = new AbortController().signal;
    expect(await makeProvider({ command: 'cat' }).check?.(signal)).toEqual({ ok: true });
    const missing = await makeProvider({ command: './outils/absent.sh' }).check?.(signal);
    expect(missing).toEqual({ ok: false, reason: `programme « ./outils/absent.sh » introuvable`, hint: expect.stringContaining('chemin') as unknown });
  });

  it('resolves a relative program path from the project root', async () => {
    await mkdir(join(root, 'outils'), { recursive: true });
    await writeFile(join(root, 'outils', 'majuscules.sh'), '#!/bin/sh\ntr a-z A-Z\n', { mode: 0o755 });
    const provider = makeProvider({ command: './outils/majuscules.sh' });
    expect(await provider.check?.(new AbortController().signal)).toEqual({ ok: true });
    expect((await provider.complete(request('mairie'))).text).toBe('MAIRIE');
  });
});

describe('command provider: abort', () => {
  it('maps a timer abort to timeout and a user abort to cancelled', async () => {
    const provider = makeProvider({ command: 'sleep', args: ['30'] });
    expect((await rejection(provider.complete(request('', { signal: AbortSignal.timeout(100) })))).code).toBe('timeout');

    const controller = new AbortController();
    const pending = provider.complete(request('', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    expect((await rejection(pending)).code).toBe('cancelled');

    const already = new AbortController();
    already.abort();
    expect((await rejection(provider.complete(request('', { signal: already.signal })))).code).toBe('cancelled');
  });

  it.skipIf(process.platform !== 'linux')('kills the whole process tree, with SIGKILL when SIGTERM is ignored', async () => {
    const pidFile = join(root, 'pids.txt');
    const script = 'trap "" TERM; sleep 30 & echo "$$ $!" > "$0"; wait';
    const controller = new AbortController();
    const pending = makeProvider({ command: 'sh', args: ['-c', script, pidFile] }).complete(request('', { signal: controller.signal }));
    await vi.waitFor(async () => expect((await readFile(pidFile, 'utf8')).trim()).toMatch(/^\d+ \d+$/));
    const pids = (await readFile(pidFile, 'utf8')).trim().split(' ').map(Number);
    expect(pids.filter(isAlive)).toEqual(pids);
    controller.abort();
    expect((await rejection(pending)).code).toBe('cancelled');
    await vi.waitFor(() => expect(pids.filter(isAlive)).toEqual([]));
  });
});

describe('command provider: CPU time', () => {
  it('reports the delta of the CPU clock around the program', async () => {
    const readings = [1_000, 1_420];
    const cpuClock: ChildCpuClock = { readMs: () => readings.shift() ?? null };
    const result = await makeProvider({ command: 'cat' }, { cpuClock }).complete(request('x'));
    expect(result.cpuMs).toBe(420);

    const unknown = await makeProvider({ command: 'cat' }, { cpuClock: { readMs: () => null } }).complete(request('x'));
    expect(unknown.cpuMs).toBeUndefined();
  });

  it.skipIf(process.platform !== 'linux')('counts the CPU time of grandchildren', async () => {
    const busy = 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo fini';
    const result = await makeProvider({ command: 'sh', args: ['-c', `sh -c '${busy}'`] }).complete(request(''));
    expect(result.text).toBe('fini');
    expect(result.cpuMs).toBeGreaterThan(0);
  });
});

describe('child-cpu', () => {
  // Field 2 (comm) may hold spaces and parentheses; fields 16 and 17 are cutime and cstime.
  const STAT = '4242 (node (worker) 1) S 1 4242 4242 0 -1 4194560 900 2500 0 3 120 30 250 50 20 0 11 0 5000 1000000 9000';

  it('parses cutime + cstime after the last parenthesis', () => {
    expect(parseChildTicks(STAT)).toBe(300);
    expect(parseChildTicks('pas un fichier stat')).toBeNull();
    expect(parseChildTicks('1 (x) S 1 2')).toBeNull();
  });

  it('reads a fixture /proc root and converts ticks to ms', async () => {
    const proc = join(root, 'proc');
    await mkdir(join(proc, 'self'), { recursive: true });
    await writeFile(join(proc, 'self', 'stat'), `${STAT}\n`);
    expect(createChildCpuClock({ procRoot: proc }).readMs()).toBe(3_000);
    expect(createChildCpuClock({ procRoot: proc, clockTicksPerS: 1_000 }).readMs()).toBe(300);
  });

  it('is null-safe where /proc is absent', () => {
    expect(createChildCpuClock({ procRoot: join(root, 'pas-de-proc') }).readMs()).toBeNull();
    expect(cpuDeltaMs(null, 10)).toBeUndefined();
    expect(cpuDeltaMs(10, null)).toBeUndefined();
    expect(cpuDeltaMs(50, 40)).toBeUndefined();
    expect(cpuDeltaMs(40, 50)).toBe(10);
  });

  it('agrees with getconf CLK_TCK on this machine', () => {
    const got = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    if (got.status === 0) expect(Number(got.stdout.trim())).toBe(100);
  });
});

const apertiumDirections = (): string[] => {
  const listed = spawnSync('apertium', ['-l'], { encoding: 'utf8' });
  return listed.status === 0 ? listed.stdout.split(/\s+/).filter(Boolean) : [];
};
const installed = apertiumDirections();
const hasApertium = ['fr-es', 'es-fr', 'br-fr'].every((d) => installed.includes(d));

describe('command provider: Apertium (Debian packages apertium, apertium-fr-es, apertium-br-fr)', () => {
  // Translations as produced by apertium 3.8.3, apertium-fr-es 0.9.4 and apertium-br-fr 0.5.1
  // (Debian 12); rule-based, so deterministic. A package upgrade may change them.
  const CASES: [string, string, string][] = [
    ['fr-es', 'Bonjour le monde', 'Saludo el mundo'],
    ['fr-es', 'Le conseil municipal se réunit jeudi soir pour voter le budget.', 'El cabildo se reúne el jueves por la tarde para votar el presupuesto.'],
    ['es-fr', 'La biblioteca municipal cierra a las ocho.', 'La bibliothèque municipale ferme aux huit.'],
    ['es-fr', 'El ayuntamiento está abierto de lunes a viernes.', 'La mairie est ouvert de lundi à vendredi.'],
    ['br-fr', "Demat d'an holl", 'Bonjour à tous'],
    ['br-fr', 'Me a gomz brezhoneg.', 'Je parle breton.'],
  ];

  it.skipIf(!hasApertium && !process.env.CI)('translates fixed sentences exactly, with CPU time', async () => {
    for (const [direction, source, expected] of CASES) {
      const result = await makeProvider({ command: 'apertium', args: [direction] }).complete(request(source));
      expect(result.text, `${direction}: ${source}`).toBe(expected);
      expect(result.modelIdentity).toBe(`apertium ${direction}`);
      if (process.platform === 'linux') expect(result.cpuMs).toBeGreaterThan(0);
    }
  });

  it.skipIf(!hasApertium && !process.env.CI)('check() and describe() report installed directions and versions', async () => {
    const signal = new AbortController().signal;
    const frEs = makeProvider({ command: 'apertium', args: ['fr-es'] });
    expect(await frEs.check?.(signal)).toEqual({ ok: true });
    const facts = await frEs.describe?.(signal);
    expect(facts).toMatchObject({ provider: 'command', command: 'apertium', args: ['fr-es'] });
    expect(facts?.version).toMatch(/^\d+\.\d+/);
    expect(facts?.packages).toMatchObject({ 'apertium-fr-es': expect.stringMatching(/^\d/) as unknown });

    const missing = await makeProvider({ command: 'apertium', args: ['-u', 'xx-yy'] }).check?.(signal);
    expect(missing).toMatchObject({ ok: false, reason: expect.stringContaining('« xx-yy »') as unknown });
  });
});

describe('command provider: input template', () => {
  it('sends the rendered `input` on stdin instead of the whole prompt (translators get the text only)', async () => {
    const def = createCommandProviderDefinition({});
    const settings = def.config.parse({ command: 'cat', input: '{{vars.texte}}' });
    const provider = def.create({ id: 'cat-input', provider: 'command', hosting: 'local', ...settings } as never, {
      env: {}, fetch: globalThis.fetch, now: () => performance.now(), projectRoot: process.cwd(),
    });
    const result = await provider.complete({
      messages: [{ role: 'user', content: 'Traduis : Bonjour' }],
      prompt: 'Traduis : Bonjour',
      params: {},
      signal: new AbortController().signal,
      case: { id: 'c', vars: { texte: 'Bonjour' } },
    });
    expect(result.text).toBe('Bonjour');
    await expect(provider.complete({ messages: [], prompt: 'x', params: {}, signal: new AbortController().signal, case: { id: 'd', vars: {} } })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

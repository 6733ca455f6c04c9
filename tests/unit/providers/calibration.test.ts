import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { EchoConfigSchema, echoProvider } from '../../../harness/providers/echo.js';
import { estimateTokens } from '../../../harness/providers/estimate-tokens.js';
import { ReferenceConfigSchema, referenceProvider } from '../../../harness/providers/reference.js';
import type { CompletionRequest, ProviderDeps } from '../../../harness/providers/types.js';

/** A clock that advances 5 ms per read, so timings are exact. */
const deps = (): ProviderDeps => {
  let ms = 1000;
  return { env: {}, fetch: () => Promise.reject(new Error('pas de réseau')), now: () => (ms += 5), projectRoot: '/tmp' };
};

const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content: 'Traduisez « bonjour » en espagnol.' }],
  prompt: 'Traduisez « bonjour » en espagnol.',
  params: { temperature: 0 },
  signal: new AbortController().signal,
  case: { id: 'fr-es-1', vars: { mot: 'bonjour' }, reference: 'hola' },
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

const echo = (hosting: 'local' | 'on-prem' = 'local') => echoProvider.create({ id: 'temoin-echo', provider: 'echo', hosting }, deps());
const reference = () => referenceProvider.create({ id: 'temoin-reference', provider: 'reference', hosting: 'local' }, deps());

describe('echo baseline', () => {
  it('answers with the flattened prompt, estimated usage and measured timings', async () => {
    const req = request();
    const result = await echo().complete(req);
    expect(result).toEqual({
      text: req.prompt,
      usage: { inputTokens: estimateTokens(req.prompt), outputTokens: estimateTokens(req.prompt), estimated: true },
      timings: { ttftMs: 5, totalMs: 5 },
      modelIdentity: 'echo',
      truncated: false,
    });
  });

  it('keeps the hosting of its config', () => {
    expect(echo('on-prem').hosting).toBe('on-prem');
    expect(echo('on-prem').id).toBe('temoin-echo');
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(echo().complete(request({ signal: controller.signal })))).code).toBe('cancelled');
  });
});

describe('reference baseline', () => {
  it('answers with the case’s reference', async () => {
    const result = await reference().complete(request());
    expect(result.text).toBe('hola');
    const usage = { inputTokens: estimateTokens(request().prompt), outputTokens: estimateTokens('hola'), estimated: true };
    expect(result.usage).toEqual(usage);
    expect(result.timings.totalMs).toBe(5);
    expect(result.modelIdentity).toBe('reference');
  });

  it('fails a case without reference as bad-response, saying so in French', async () => {
    const e = await rejection(reference().complete(request({ case: { id: 'fr-es-2', vars: {} } })));
    expect(e.code).toBe('bad-response');
    expect(e.message).toContain('le cas « fr-es-2 » n’a pas de réponse de référence');
    expect(e.hint).toContain('reference');
  });

  it('treats a blank reference or a missing case the same way', async () => {
    const blank = request({ case: { id: 'c', vars: {}, reference: '  ' } });
    expect((await rejection(reference().complete(blank))).code).toBe('bad-response');
    const { case: _omit, ...withoutCase } = request();
    expect((await rejection(reference().complete(withoutCase))).code).toBe('bad-response');
  });

  it('turns a timeout signal into timeout', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('délai dépassé', 'TimeoutError'));
    expect((await rejection(reference().complete(request({ signal: controller.signal })))).code).toBe('timeout');
  });
});

describe('baseline configs', () => {
  it('accept no field of their own', () => {
    expect(EchoConfigSchema.parse({})).toEqual({});
    expect(ReferenceConfigSchema.parse({})).toEqual({});
    expect(EchoConfigSchema.safeParse({ model: 'x' }).success).toBe(false);
    expect(ReferenceConfigSchema.safeParse({ reference: 'x' }).success).toBe(false);
  });
});

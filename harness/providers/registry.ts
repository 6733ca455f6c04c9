/**
 * Every provider kind, by its `provider:` name in the config. The config schema derives from this
 * table; adding a provider is adding a line here.
 */
import type { ProviderDefinition } from './types.js';
import { commandProvider } from './command.js';
import { echoProvider } from './echo.js';
import { ggufProvider } from './gguf.js';
import { httpProvider } from './http.js';
import { mistralProvider } from './mistral.js';
import { ollamaProvider } from './ollama.js';
import { openaiCompatibleProvider, openaiProvider } from './openai-compatible.js';
import { ragProvider } from './rag.js';
import { referenceProvider } from './reference.js';

export const providers: Readonly<Record<string, ProviderDefinition>> = {
  reference: referenceProvider,
  echo: echoProvider,
  'openai-compatible': openaiCompatibleProvider,
  openai: openaiProvider,
  ollama: ollamaProvider,
  mistral: mistralProvider,
  gguf: ggufProvider as ProviderDefinition,
  http: httpProvider as ProviderDefinition,
  command: commandProvider as ProviderDefinition,
  rag: ragProvider as ProviderDefinition,
};

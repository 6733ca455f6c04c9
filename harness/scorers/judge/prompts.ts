/**
 * Judge prompts are data files (Markdown, in French), loaded and checked once: each must compile as
 * a strict Handlebars template and use exactly the placeholders its scorer provides.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

export type JudgePromptName = 'llm-rubric' | 'factuality' | 'context-faithfulness' | 'answer-relevance';

/** Placeholders each prompt must use: a prompt that forgets the output cannot judge it. */
export const REQUIRED_PLACEHOLDERS: Record<JudgePromptName, readonly string[]> = {
  'llm-rubric': ['rubric', 'prompt', 'output'],
  factuality: ['prompt', 'reference', 'output'],
  'context-faithfulness': ['contexts', 'output'],
  'answer-relevance': ['prompt', 'output'],
};

const hb = Handlebars.create();
const cache = new Map<JudgePromptName, HandlebarsTemplateDelegate>();

/** Checks a prompt text; returns the problems (empty when usable). */
export const checkJudgePrompt = (name: JudgePromptName, text: string): string[] => {
  const used = new Set([...text.matchAll(/\{\{\s*([a-z]+)\s*\}\}/g)].map((m) => m[1]));
  const problems = REQUIRED_PLACEHOLDERS[name].filter((p) => !used.has(p)).map((p) => `{{${p}}} absent du gabarit ${name}`);
  try {
    hb.precompile(text, { strict: true });
  } catch (e) {
    problems.push(`gabarit ${name} illisible : ${(e as Error).message.split('\n')[0]}`);
  }
  return problems;
};

export const judgePrompt = (name: JudgePromptName): HandlebarsTemplateDelegate => {
  let t = cache.get(name);
  if (!t) {
    const text = readFileSync(new URL(`./prompts/${name}.md`, import.meta.url), 'utf8');
    const problems = checkJudgePrompt(name, text);
    if (problems.length > 0) throw new Error(problems.join(' ; '));
    t = hb.compile(text, { strict: true, noEscape: true });
    cache.set(name, t);
  }
  return t;
};

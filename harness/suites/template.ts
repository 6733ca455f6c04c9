/**
 * Prompt templates: Handlebars in strict mode (a missing var is an error, never an empty string),
 * without HTML escaping (prompts are not HTML). Also lists the vars a template reads, so `validate`
 * can report a case that lacks one before anything runs.
 */
import Handlebars from 'handlebars';
import type { Message, PromptSpec, Vars } from '../core/types.js';

const hb = Handlebars.create();
hb.registerHelper('json', (value: unknown) => JSON.stringify(value));

const cache = new Map<string, HandlebarsTemplateDelegate>();

export const compileTemplate = (template: string): HandlebarsTemplateDelegate => {
  let compiled = cache.get(template);
  if (!compiled) {
    compiled = hb.compile(template, { strict: true, noEscape: true });
    cache.set(template, compiled);
  }
  return compiled;
};

type HbNode = { type: string; [key: string]: unknown };

/** Top-level var names a template reads (block contexts such as `#each` are not followed). */
export const templateVars = (template: string): string[] => {
  const found = new Set<string>();
  const pathHead = (node: unknown): string | undefined => {
    const n = node as { type?: string; parts?: string[]; data?: boolean; original?: string };
    if (n?.type !== 'PathExpression' || n.data || !n.parts || n.parts.length === 0) return undefined;
    return n.original === 'this' ? undefined : n.parts[0];
  };
  const visit = (nodes: HbNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
        const params = (node.params as unknown[]) ?? [];
        const isHelperCall = params.length > 0 || node.type === 'BlockStatement';
        if (!isHelperCall) {
          const head = pathHead(node.path);
          if (head) found.add(head);
        }
        for (const p of params) {
          const head = pathHead(p);
          if (head) found.add(head);
          if ((p as HbNode).type === 'SubExpression') visit([p as HbNode]);
        }
        const program = node.program as { body?: HbNode[] } | undefined;
        const helper = pathHead(node.path);
        if (program?.body && (helper === 'if' || helper === 'unless')) visit(program.body);
        const inverse = node.inverse as { body?: HbNode[] } | undefined;
        if (inverse?.body) visit(inverse.body);
      }
    }
  };
  visit(hb.parse(template).body as unknown as HbNode[]);
  return [...found];
};

/** All vars a prompt spec reads, across its system text and messages. */
export const promptVars = (prompt: PromptSpec): string[] => {
  const texts = prompt.kind === 'template' ? [prompt.template] : prompt.messages.map((m) => m.content);
  if (prompt.system) texts.push(prompt.system);
  return [...new Set(texts.flatMap(templateVars))];
};

/** Renders the request for one case: messages for chat models, one flattened text for the rest. */
export const renderPrompt = (prompt: PromptSpec, vars: Vars): { messages: Message[]; text: string } => {
  const messages: Message[] = [];
  if (prompt.system) messages.push({ role: 'system', content: compileTemplate(prompt.system)(vars) });
  if (prompt.kind === 'template') messages.push({ role: 'user', content: compileTemplate(prompt.template)(vars) });
  else for (const m of prompt.messages) messages.push({ role: m.role, content: compileTemplate(m.content)(vars) });
  return { messages, text: messages.map((m) => m.content).join('\n\n') };
};

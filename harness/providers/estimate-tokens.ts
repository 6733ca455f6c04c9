/**
 * Token estimate for providers that report no usage: about 4 characters per token for Latin-script
 * text (OpenAI's rule of thumb in its tokenizer documentation). Results carry `estimated: true`.
 */
export const estimateTokens = (text: string): number => (text.length === 0 ? 0 : Math.max(1, Math.round(text.length / 4)));

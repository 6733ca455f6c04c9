/** The prompt of case `i` (see prompts.mjs). */
export declare const promptOf: (i: number) => string;

/** Types of source-stamp.mjs (plain JavaScript: bin.mjs reads it before any compiler is loaded). */
export declare const scanSources: (dir: string) => { files: string[]; newestMs: number };

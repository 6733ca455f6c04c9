// Module hook preloaded (`node --import`) to list the npm packages the CLI loads at start-up: every
// bare specifier imported from a file under harness/ is appended to the file named by
// BENCH_PKG_FILE. Used once per bench run to split the start-up cost (see overhead.ts).
import { register } from 'node:module';

if (process.env.BENCH_PKG_FILE) {
  register(
    `data:text/javascript,${encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      const file = ${JSON.stringify(process.env.BENCH_PKG_FILE)};
      export async function resolve(spec, ctx, next) {
        const bare = !/^(\\.|\\/|node:|file:|data:)/.test(spec);
        if (bare && (ctx.parentURL ?? '').includes('/harness/')) appendFileSync(file, spec + '\\n');
        return next(spec, ctx);
      }`)}`,
  );
}

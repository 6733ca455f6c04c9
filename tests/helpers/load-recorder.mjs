// Preloaded into the CLI (NODE_OPTIONS=--import) by the start-up footprint test: appends to the
// file named by LOAD_RECORD one line per npm package the harness's own files import or require
// (`pkg MS NAME`) and one per child process started (`spawn MS FILE ARGS…`), whatever the API
// used; MS is Date.now() at that moment, to tell what came before the first request.
import childProcess from 'node:child_process';
import { appendFileSync } from 'node:fs';
import Module, { register, syncBuiltinESMExports } from 'node:module';

const file = process.env.LOAD_RECORD;
if (file) {
  // The harness's own files: under harness/ (sources) or dist/ (built), not a package's dist/.
  const OWN = /^(?!.*\/node_modules\/).*\/(harness|dist)\//;
  const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  // ESM imports (static and dynamic), seen by a resolve hook in the loader thread.
  register(
    `data:text/javascript,${encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      export async function resolve(spec, ctx, next) {
        if (!/^(\\.|\\/|node:|file:|data:)/.test(spec) && ${OWN}.test(ctx.parentURL ?? '')) {
          appendFileSync(${JSON.stringify(file)}, 'pkg ' + Date.now() + ' ' + spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/') + '\\n');
        }
        return next(spec, ctx);
      }`)}`,
  );
  // require() from the harness (createRequire), which the ESM hook does not see.
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (!/^(\.|\/|node:)/.test(request) && OWN.test(parent?.filename ?? '') && !Module.isBuiltin(request)) appendFileSync(file, `pkg ${Date.now()} ${packageOf(request)}\n`);
    return load.call(this, request, parent, isMain);
  };
  // Every way to start a process ends in ChildProcess#spawn or one of the *Sync functions.
  const spawnAsync = childProcess.ChildProcess.prototype.spawn;
  childProcess.ChildProcess.prototype.spawn = function (options) {
    appendFileSync(file, `spawn ${Date.now()} ${[options?.file, ...(options?.args ?? []).slice(1)].join(' ')}\n`);
    return spawnAsync.call(this, options);
  };
  for (const name of ['spawnSync', 'execSync', 'execFileSync']) {
    const original = childProcess[name];
    childProcess[name] = function (command, ...rest) {
      appendFileSync(file, `spawn ${Date.now()} ${String(command)} (${name})\n`);
      return original.call(this, command, ...rest);
    };
  }
  syncBuiltinESMExports();
}

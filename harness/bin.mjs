#!/usr/bin/env node
// Entry point of the `bac-a-sable` command: loads the TypeScript sources through tsx, then runs main.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The Agent ships as TypeScript; register tsx, then run the CLI.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));

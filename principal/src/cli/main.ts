#!/usr/bin/env node
import { runProgram } from '@outpost/agent';
import { buildProgram } from './program.ts';
import { commandModules } from './commands.ts';

process.exitCode = await runProgram(buildProgram(commandModules), process.argv);

export { buildProgram } from './cli/program.ts';

/**
 * The public face of the Go template engine: parse once, execute many times with
 * Argo CD's function map (Go builtins + sprig v3.3.0 without env/expandenv/
 * getHostByName, plus normalize/slugify/toYaml/fromYaml/fromYamlArray).
 */
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { TemplateExecError, Executor } from './exec.ts';
import type { MissingKey } from './exec.ts';
import type { FuncMap } from './func-types.ts';
import { argoFuncMap, argoFuncNames } from './funcs/index.ts';
import { TemplateParseError, parseTemplates } from './parser.ts';
import type { ListNode } from './nodes.ts';
import { fromJs } from './values.ts';

/** Options for one execution. */
export interface GoTemplateOptions {
  /** Go's `missingkey` option (from goTemplateOptions `missingkey=...`). Default `default`. */
  missingKey?: MissingKey;
  /** Clock for sprig's `now`/`ago`/date functions. Default `() => new Date()`. */
  now?: () => Date;
}

/** A parsed template, ready to execute. */
export interface GoTemplate {
  /**
   * Renders the template with `data` as the dot (decoded JSON/YAML: objects, arrays,
   * numbers as float64). Throws OutpostError APPSET_TEMPLATE_EXEC with Go's message.
   */
  execute(data: unknown, options?: GoTemplateOptions): string;
}

const defaultFuncs = argoFuncMap({ now: () => new Date() });
const funcsByClock = new WeakMap<() => Date, FuncMap>();

/** The function map bound to a clock; built once per clock function. */
function funcsFor(now: () => Date): FuncMap {
  let funcs = funcsByClock.get(now);
  if (!funcs) {
    funcs = argoFuncMap({ now });
    funcsByClock.set(now, funcs);
  }
  return funcs;
}

class ParsedGoTemplate implements GoTemplate {
  private readonly text: string;
  private readonly name: string;
  private readonly trees: ReadonlyMap<string, ListNode>;

  constructor(text: string, name: string, trees: ReadonlyMap<string, ListNode>) {
    this.text = text;
    this.name = name;
    this.trees = trees;
  }

  execute(data: unknown, options: GoTemplateOptions = {}): string {
    const funcs = options.now ? funcsFor(options.now) : defaultFuncs;
    const exec = new Executor(this.text, this.name, this.trees, funcs, options.missingKey ?? 'default');
    try {
      return exec.run(fromJs(data));
    } catch (e) {
      if (e instanceof TemplateExecError) throw new OutpostError(ErrorCodes.APPSET_TEMPLATE_EXEC, e.message);
      throw e;
    }
  }
}

/**
 * Parses a template named `name` (default `base`); errors read like Go's
 * (`template: base:LINE: ...`). Throws OutpostError APPSET_TEMPLATE_PARSE.
 */
export function parseGoTemplate(text: string, name = 'base'): GoTemplate {
  try {
    const { trees } = parseTemplates(text, name, (f) => argoFuncNames.has(f));
    return new ParsedGoTemplate(text, name, trees);
  } catch (e) {
    if (e instanceof TemplateParseError) throw new OutpostError(ErrorCodes.APPSET_TEMPLATE_PARSE, e.message);
    throw e;
  }
}

/** Parses and executes in one go (see {@link parseGoTemplate} and {@link GoTemplate.execute}). */
export function renderGoTemplate(text: string, data: unknown, options?: GoTemplateOptions): string {
  return parseGoTemplate(text).execute(data, options);
}

const MISSING_KEY_VALUES: readonly string[] = ['default', 'invalid', 'zero', 'error'];

/**
 * Turns Argo CD `goTemplateOptions` strings (e.g. `missingkey=error`) into options,
 * applied in order like Go's `Template.Option`. Unknown options throw OutpostError
 * APPSET_INVALID.
 */
export function parseGoTemplateOptions(opts: readonly string[]): GoTemplateOptions {
  const out: GoTemplateOptions = {};
  for (const opt of opts) {
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? '' : opt.slice(eq + 1);
    if (key === 'missingkey' && MISSING_KEY_VALUES.includes(value)) {
      out.missingKey = value as MissingKey;
      continue;
    }
    throw new OutpostError(ErrorCodes.APPSET_INVALID, `unrecognized option: ${opt}`, {
      hint: 'the only supported goTemplateOptions entry is missingkey=default|invalid|zero|error',
    });
  }
  return out;
}

import { ErrorCodes, OutpostError, isOutpostError } from '@outpost/shared';
import { parseGoTemplate, parseGoTemplateOptions } from './gotemplate/index.ts';

type ParsedGoTemplate = ReturnType<typeof parseGoTemplate>;
type GoTemplateOptions = ReturnType<typeof parseGoTemplateOptions>;

/** How a Go-mode string is rendered: the ApplicationSet's `goTemplateOptions` and a clock. */
export interface GoRenderOptions {
  /** `spec.goTemplateOptions`, e.g. `["missingkey=error"]`. */
  goTemplateOptions: readonly string[];
  /** Clock for sprig's date functions. Default: the engine's (current time). */
  now?: () => Date;
}

const MAX_CACHED = 4096;

/**
 * Go-mode rendering (`spec.goTemplate: true`) on top of the Go template engine in
 * `./gotemplate`. Each string is its own template; parsed templates are cached by text so
 * that one template rendered for 10,000 clusters is parsed once.
 */
export class GoStringRenderer {
  readonly #options: GoTemplateOptions;
  readonly #forcedError: GoTemplateOptions;
  readonly #cache = new Map<string, ParsedGoTemplate>();

  constructor(options: GoRenderOptions) {
    const now = options.now ? { now: options.now } : {};
    this.#options = { ...parseGoTemplateOptions(options.goTemplateOptions), ...now };
    this.#forcedError = {
      ...parseGoTemplateOptions([...options.goTemplateOptions, 'missingkey=error']),
      ...now,
    };
  }

  /**
   * Renders `text` with `params` as the template's dot.
   *
   * @param forceMissingKeyError use `missingkey=error` whatever the ApplicationSet says
   *   (matrix interpolation of `values`, §6).
   * @throws OutpostError `APPSET_TEMPLATE_PARSE` (`failed to parse template …`) or
   *   `APPSET_TEMPLATE_EXEC` (`failed to execute go template …`).
   */
  render(text: string, params: unknown, forceMissingKeyError = false): string {
    if (!text.includes('{{')) return text;
    const tmpl = this.#parse(text);
    const opts = forceMissingKeyError ? this.#forcedError : this.#options;
    try {
      return tmpl.execute(params, opts);
    } catch (err) {
      throw new OutpostError(
        ErrorCodes.APPSET_TEMPLATE_EXEC,
        `failed to execute go template ${text}: ${messageOf(err)}`,
        {
          cause: err,
        },
      );
    }
  }

  #parse(text: string): ParsedGoTemplate {
    let tmpl = this.#cache.get(text);
    if (tmpl) return tmpl;
    try {
      tmpl = parseGoTemplate(text);
    } catch (err) {
      throw new OutpostError(
        ErrorCodes.APPSET_TEMPLATE_PARSE,
        `failed to parse template ${text}: ${messageOf(err)}`,
        {
          cause: err,
        },
      );
    }
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(text, tmpl);
    return tmpl;
  }
}

/** True when a Go-mode error is a missing map key or a field access on a non-map (§6). */
export function isMissingKeyError(err: unknown): boolean {
  const text = messageOf(err);
  return text.includes('map has no entry for key') || text.includes("can't evaluate field");
}

function messageOf(err: unknown): string {
  if (isOutpostError(err)) return err.message;
  return err instanceof Error ? err.message : String(err);
}

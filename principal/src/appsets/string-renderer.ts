import { compileFlatTemplate, renderFlatTemplate } from './fasttemplate.ts';
import { GoStringRenderer } from './template-go.ts';

/**
 * Renders one string with one param set in the ApplicationSet's mode: Argo CD's
 * `Replace(tmpl, params, useGoTemplate, goTemplateOptions)`.
 */
export interface StringRenderer {
  readonly goTemplate: boolean;
  /**
   * @param forceMissingKeyError Go mode only: render with `missingkey=error`.
   * @throws OutpostError `APPSET_TEMPLATE_PARSE` / `APPSET_TEMPLATE_EXEC`.
   */
  render(text: string, params: Readonly<Record<string, unknown>>, forceMissingKeyError?: boolean): string;
  /**
   * Prepares `text` for rendering with many param sets (same result and errors as
   * {@link StringRenderer.render}, raised when the returned function runs).
   */
  compile(text: string): (params: Readonly<Record<string, unknown>>) => string;
}

/** Mode settings taken from `spec.goTemplate` and `spec.goTemplateOptions`. */
export interface TemplateMode {
  goTemplate: boolean;
  goTemplateOptions: readonly string[];
  /** Clock for sprig date functions; default the current time. */
  now?: () => Date;
}

/** The renderer for an ApplicationSet's mode. Create one per resolution (it caches parsed Go templates). */
export function createStringRenderer(mode: TemplateMode): StringRenderer {
  if (!mode.goTemplate) {
    return {
      goTemplate: false,
      render: (text, params) => renderFlatTemplate(text, params),
      compile: (text) => compileFlatTemplate(text),
    };
  }
  const go = new GoStringRenderer(mode);
  return {
    goTemplate: true,
    render: (text, params, forceMissingKeyError) => go.render(text, params, forceMissingKeyError ?? false),
    compile: (text) => (params) => go.render(text, params),
  };
}

export { parseGoTemplate, parseGoTemplateOptions, renderGoTemplate } from './go-template.ts';
export type { GoTemplate, GoTemplateOptions } from './go-template.ts';

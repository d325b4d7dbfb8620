import {
  parseAllDocuments,
  type Document,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
} from 'yaml';

/** Where a YAML document failed to parse, with a 1-based line when known. */
export interface YamlProblem {
  message: string;
  line?: number;
  column?: number;
}

export type YamlResult = { ok: true; value: unknown } | { ok: false; problem: YamlProblem };

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  // sigs.k8s.io/yaml decodes with YAML 1.1 rules (yes/no/on/off are booleans, 0777 is
  // octal) but keeps timestamps as strings; JSON output means no Date values.
  version: '1.1',
  // yaml.v2's non-strict Unmarshal lets a repeated key override the earlier one.
  uniqueKeys: false,
  customTags: (tags) => tags.filter((t) => typeof t === 'object' && t.tag !== 'tag:yaml.org,2002:timestamp'),
};

/**
 * Parses YAML (or JSON, a subset) the way Argo CD's `yaml.Unmarshal` sees it: YAML 1.1
 * scalars, only the **first** document, empty input → `null`. Numbers come out as JS
 * numbers (Go decodes them to float64 as well).
 */
export function parseYamlLikeGo(text: string): YamlResult {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, OPTIONS) as Document.Parsed[];
  } catch (err) {
    return { ok: false, problem: { message: err instanceof Error ? err.message : String(err) } };
  }
  if (!Array.isArray(docs)) return { ok: false, problem: { message: 'not a YAML stream' } };
  const first = docs[0];
  if (!first) return { ok: true, value: null };
  const error = first.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    return {
      ok: false,
      problem: { message: error.message.split('\n')[0] ?? error.message, line: pos?.line, column: pos?.col },
    };
  }
  return { ok: true, value: first.toJS({ maxAliasCount: 1000 }) ?? null };
}

/**
 * Every document of a YAML stream (for ApplicationSet files, which may hold several),
 * each with the 1-based line it starts on.
 */
export function parseYamlStream(text: string): { value: unknown; line: number; problem?: YamlProblem }[] {
  const docs = parseAllDocuments(text, OPTIONS) as Document.Parsed[];
  if (!Array.isArray(docs)) return [];
  const lineStarts = lineStartOffsets(text);
  return docs.map((doc) => {
    const line = lineAt(lineStarts, doc.contents?.range?.[0] ?? doc.range[0]);
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const problem = {
        message: error.message.split('\n')[0] ?? error.message,
        line: pos?.line,
        column: pos?.col,
      };
      return { value: undefined, line, problem };
    }
    return { value: doc.toJS({ maxAliasCount: 1000 }) ?? null, line };
  });
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Argo CD's template function map: Go's builtins, sprig v3.3.0's `GenericFuncMap`
 * without `env`, `expandenv` and `getHostByName`, plus Argo CD's own helpers.
 * Functions added by Argo CD win over builtins of the same name (`slice`).
 */
import { builtinFuncs } from '../builtins.ts';
import type { FuncEnv, GoFunc } from '../func-types.ts';
import { argoFuncs } from './argo.ts';
import { cryptoFuncs } from './crypto.ts';
import { dateFuncs } from './dates.ts';
import { defaultFuncs } from './defaults.ts';
import { dictFuncs } from './dicts.ts';
import { listFuncs } from './lists.ts';
import { numericFuncs } from './numeric.ts';
import { reflectFuncs } from './reflect.ts';
import { regexFuncs } from './regex.ts';
import { semverFuncs } from './semver.ts';
import { stringFuncs } from './strings.ts';
import { urlFuncs } from './urls.ts';

type Area = (env: FuncEnv) => Record<string, GoFunc>;

const AREAS: Area[] = [
  stringFuncs,
  defaultFuncs,
  listFuncs,
  dictFuncs,
  numericFuncs,
  regexFuncs,
  reflectFuncs,
  argoFuncs,
  urlFuncs,
  semverFuncs,
  dateFuncs,
  cryptoFuncs,
];

/** Builds the full function map for an environment. */
export function argoFuncMap(env: FuncEnv): Map<string, GoFunc> {
  const m = builtinFuncs();
  for (const area of AREAS) for (const [k, v] of Object.entries(area(env))) m.set(k, v);
  return m;
}

/** Names of every function in the map (for parse-time checks). */
export const argoFuncNames: ReadonlySet<string> = new Set(argoFuncMap({ now: () => new Date(0) }).keys());

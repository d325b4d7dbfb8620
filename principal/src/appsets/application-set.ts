import type { ApplicationSpec } from './application.ts';
import type { LabelSelectorSpec } from './label-selector.ts';

/**
 * Argo CD's `ApplicationSet` (`argoproj.io/v1alpha1`), as accepted unchanged from users.
 * Only the fields Outpost interprets are typed; every other field is kept as written.
 */
export interface ApplicationSet {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'ApplicationSet';
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  spec: ApplicationSetSpec;
  [k: string]: unknown;
}

export interface ApplicationSetSpec {
  /** Go template mode (`true`) or flat fasttemplate mode (default). */
  goTemplate?: boolean;
  /** Go template options such as `missingkey=error`. */
  goTemplateOptions?: string[];
  generators: GeneratorEntry[];
  template: ApplicationTemplate;
  /** A template (rendered like any string) whose result is applied as a strategic merge patch. */
  templatePatch?: string;
  syncPolicy?: { preserveResourcesOnDeletion?: boolean; [k: string]: unknown };
  [k: string]: unknown;
}

/** `spec.template` and generator `template` overrides: an Application without apiVersion/kind. */
export interface ApplicationTemplate {
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [k: string]: unknown;
  };
  spec: ApplicationSpec;
}

/** One entry of `spec.generators` (or of a matrix/merge's `generators`). */
export interface GeneratorEntry {
  list?: ListGeneratorSpec;
  clusters?: ClustersGeneratorSpec;
  git?: GitGeneratorSpec;
  scmProvider?: Record<string, unknown>;
  clusterDecisionResource?: Record<string, unknown>;
  pullRequest?: Record<string, unknown>;
  matrix?: MatrixGeneratorSpec;
  merge?: MergeGeneratorSpec;
  plugin?: Record<string, unknown>;
  /** Post-selector applied to the flattened param sets. */
  selector?: LabelSelectorSpec;
  [k: string]: unknown;
}

/** Every generator kind, in the order Argo CD's `GetRelevantGenerators` visits them. */
export const GENERATOR_KINDS = [
  'list',
  'clusters',
  'git',
  'scmProvider',
  'clusterDecisionResource',
  'pullRequest',
  'matrix',
  'merge',
  'plugin',
] as const;

export type GeneratorKind = (typeof GENERATOR_KINDS)[number];

interface WithTemplate {
  template?: Partial<ApplicationTemplate>;
}

export interface ListGeneratorSpec extends WithTemplate {
  elements?: unknown[];
  elementsYaml?: string;
}

export interface ClustersGeneratorSpec extends WithTemplate {
  selector?: LabelSelectorSpec;
  values?: Record<string, string>;
  flatList?: boolean;
}

export interface GitGeneratorSpec extends WithTemplate {
  repoURL: string;
  revision?: string;
  directories?: { path: string; exclude?: boolean }[];
  files?: { path: string; exclude?: boolean }[];
  pathParamPrefix?: string;
  values?: Record<string, string>;
  requeueAfterSeconds?: number;
}

export interface MatrixGeneratorSpec extends WithTemplate {
  generators: GeneratorEntry[];
}

export interface MergeGeneratorSpec extends WithTemplate {
  generators: GeneratorEntry[];
  mergeKeys: string[];
}

export type { GitSource, GitTree } from './git-tree.ts';
export { GitSources } from './git-sources.ts';
export type { GitSourcesStatus, RepoChangeEvent } from './git-sources.ts';
export { compileGitSourcesOptions, DEFAULT_POLL_INTERVAL_MS } from './git-sources-options.ts';
export type {
  CompiledGitSourcesOptions,
  GitSourcesOptions,
  PollIntervalRule,
} from './git-sources-options.ts';
export type { RefChange, RepositoryStatus } from './git-repository.ts';
export type { RepoCredential } from './credentials.ts';
export { parseUrlRewrite, rewriteUrl } from './url-rewrites.ts';
export type { UrlRewrite } from './url-rewrites.ts';
export { parseRevision } from './revision.ts';
export type { Revision } from './revision.ts';
export { redactUrl } from './repo-url.ts';

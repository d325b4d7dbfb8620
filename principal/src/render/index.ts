/**
 * Rendering: an Application's source at a resolved commit → Kubernetes objects with
 * canonical JSON and sha256 digests. See `docs/decisions/render.md`.
 */
export { createRenderer, compileRendererOptions } from './renderer.ts';
export type { Renderer, RendererOptions, CompiledRendererOptions, RendererStats } from './renderer.ts';
export type { RenderedObject, RenderResult } from './rendered-object.ts';
export type { ObjectKey, ManifestSource, KubeObject } from './core/manifest.ts';
export type { SourceType } from './core/source-type.ts';
export { parseManifests } from './core/manifest-parser.ts';
export { CLUSTER_SCOPED_KINDS, isNamespaced } from './core/namespace-defaulting.ts';

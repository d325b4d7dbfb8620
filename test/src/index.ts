export * from './fixtures/index.ts';
export * from './kube-double/index.ts';

export * from './StartedTarget.ts';
export { startTarget } from './startTarget.ts';
export { startEmbeddedTarget } from './startEmbeddedTarget.ts';
export { startUrlTarget } from './startUrlTarget.ts';
export { startProcessTarget } from './startProcessTarget.ts';
export { startContainerTarget } from './startContainerTarget.ts';
export { detectContainerEngine } from './detectContainerEngine.ts';

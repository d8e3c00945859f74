// The lint rules live in lint/ with the linters (see lint/package.json for why).
export { default } from './lint/eslint.config.mjs';

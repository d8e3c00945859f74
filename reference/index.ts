// The `goldpath/reference` package entry: the reference backend, started from a team's own tests.
// @example await using backend = await startReferenceBackend({ latencyMs: 0 }); // backend.wsUrl, backend.secret
export * from './startReferenceBackend.ts';
export { signTestToken } from './signTestToken.ts';

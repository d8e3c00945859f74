export * from './goldenPathHandlers.ts';
export * from './recordingHandlers.ts';
export * from './GoldenPathMockError.ts';
export * from './RunVariant.ts';
export * from './recordedRuns.ts';
export * from './validateFrame.ts';

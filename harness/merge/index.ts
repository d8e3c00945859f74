export { mergeSummaries, type MergeResult } from './mergeSummaries.ts';
export { mergeReportDirs } from './mergeReportDirs.ts';

export * from './HistoryWriter.ts';
export * from './attachRecorder.ts';
// the reader lives with the checks (they may import only contracts and their own helpers); re-exported for callers
export * from '../checks/history/index.ts';
export * from './redactText.ts';
export * from './redactUrl.ts';
export * from './redactHeaders.ts';
export * from './redactProtocol.ts';

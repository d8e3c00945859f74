export * from './HistoryWriter.ts';
export * from './attachRecorder.ts';
// the value the recorder parsed from an incoming frame, for the client that reads the same frame next (parsed once)
export { INVALID_JSON, takeParsed } from './parsedFrames.ts';
// the file reader lives with the checks (its parser, HistoryParser, in contracts); re-exported for callers
export * from '../checks/history/index.ts';
export * from './redactText.ts';
export * from './redactUrl.ts';
export * from './redactHeaders.ts';
export * from './redactProtocol.ts';

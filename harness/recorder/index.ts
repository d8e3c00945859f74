export * from './HistoryWriter.ts';
export * from './attachRecorder.ts';
export * from './readHistory.ts';
export * from './HistoryFormatError.ts';
export * from './redactText.ts';
export * from './redactUrl.ts';
export * from './redactHeaders.ts';
export * from './redactProtocol.ts';

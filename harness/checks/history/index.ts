export * from './readHistory.ts';
export * from './HistoryFormatError.ts';

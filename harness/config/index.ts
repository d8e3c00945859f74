export * from './GoldpathConfig.ts';
export * from './defineConfig.ts';
export * from './loadConfig.ts';

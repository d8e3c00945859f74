// The `goldpath` package entry: what a team's own scenarios and config import.
export {
  test,
  expect,
  type GoldpathTestFixtures,
  type GoldpathWorkerFixtures,
  type LoadRunner,
} from './runner/fixtures/test.ts';
export { defineConfig } from './config/defineConfig.ts';
export type {
  GoldpathConfig,
  GoldpathConfigInput,
  Capabilities,
  TargetConfig,
  AuthConfig,
  ThresholdsConfig,
} from './config/GoldpathConfig.ts';
export {
  perUserIterations,
  constantUsers,
  rampingUsers,
  peakUsers,
  scaleProfile,
  maxDurationOf,
  thinkTimeMs,
  type LoadProfile,
  type PerUserIterations,
  type ConstantUsers,
  type RampingUsers,
  type ThinkTime,
} from './runner/load/loadProfiles.ts';
export {
  SimulatedUser,
  type SimulatedUserOptions,
  type WelcomeInfo,
  type SocketRecorder,
} from './client/SimulatedUser.ts';
export {
  RunHandle,
  RunInterruptedError,
  type RunResult,
  type RunStatus,
  type RunRejection,
  type RunDeadlines,
  type ReceivedFrame,
} from './client/RunHandle.ts';
export type { UserAuth, TokenTransport } from './client/UserAuth.ts';
export { withTools } from './runner/fixtures/withTools.ts';
export { awaiting } from './runner/fixtures/awaiting.ts';

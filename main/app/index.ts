export { AppCore, type AppCoreOptions } from './app-core';
export type {
  ConfigPort,
  ConnectionTester,
  SupervisorFactory,
  SupervisorHandle,
  SupervisorRunOptions,
  ValidatedConfig,
} from './app-ports';

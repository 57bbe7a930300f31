export { startWebUi, type WebUi, type WebUiOptions } from './web-ui-server';
export {
  parseListenAddress,
  isLoopbackAddress,
  ListenAddressError,
  WebUiListenError,
  type ListenAddress,
} from './listen-address';
export type { UiBackend } from './ui-backend';

export { closeServer, freePort, isLoopbackAddress, listenOnce, refusedPort } from './port';
export { startTcpProxy, TcpProxy } from './tcp-proxy';
export type { TcpProxyMode, TcpProxyOptions } from './tcp-proxy';
export { HttpConnectProxy, startHttpConnectProxy } from './http-connect-proxy';
export type { ConnectRecord, HttpConnectProxyOptions } from './http-connect-proxy';
export { Socks5Proxy, startSocks5Proxy } from './socks5-proxy';
export type { Socks5ProxyOptions, Socks5Record } from './socks5-proxy';

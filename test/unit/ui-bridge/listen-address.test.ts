import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, parseListenAddress } from '../../../main/ui-bridge/listen-address';

describe('--ui address', () => {
  it('accepts loopback addresses', () => {
    expect(parseListenAddress('127.0.0.1:7700')).toEqual({ host: '127.0.0.1', port: 7700 });
    expect(parseListenAddress('127.1.2.3:0')).toEqual({ host: '127.1.2.3', port: 0 });
    expect(parseListenAddress('[::1]:7700')).toEqual({ host: '::1', port: 7700 });
    expect(parseListenAddress('localhost:7700')).toEqual({ host: '127.0.0.1', port: 7700 });
  });

  it('refuses anything that is not loopback, with the reason', () => {
    expect(() => parseListenAddress('0.0.0.0:7700')).toThrow(/loopback only .*0\.0\.0\.0 is not a loopback address/);
    expect(() => parseListenAddress('192.168.1.5:7700')).toThrow(/not a loopback address/);
    expect(() => parseListenAddress('[::]:7700')).toThrow(/not a loopback address/);
    expect(() => parseListenAddress('example.com:7700')).toThrow(/not a loopback address/);
    expect(() => parseListenAddress('7700')).toThrow(/expected HOST:PORT/);
    expect(() => parseListenAddress('127.0.0.1:99999')).toThrow(/out of range/);
  });

  it('knows loopback when it sees it', () => {
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('128.0.0.1')).toBe(false);
    expect(isLoopbackAddress('localhost')).toBe(false);
  });
});

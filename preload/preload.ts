// Preload (placeholder until the desktop issue lands).
import { contextBridge } from 'electron';
import { CONTRACT_VERSION } from './contract';

contextBridge.exposeInMainWorld('rportTray', { contractVersion: CONTRACT_VERSION });

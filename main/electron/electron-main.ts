// Electron main process (placeholder until the desktop issue lands). The only folder that imports electron.
import { app } from 'electron';

void app.whenReady();

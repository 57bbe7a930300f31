import type { CliCommand } from '../command-types';
import { checkCommand } from './check';
import { configCommand } from './config';
import { runCommand } from './run';
import { serviceCommand } from './service';
import { statusCommand } from './status';
import { uiLinkCommand } from './ui-link';
import { watchServiceCommand } from './watch-service';

export const commands: CliCommand[] = [
  runCommand,
  checkCommand,
  statusCommand,
  configCommand,
  uiLinkCommand,
  serviceCommand,
  watchServiceCommand,
];

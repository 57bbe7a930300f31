import type { CliCommand } from '../command-types';
import { checkCommand } from './check';
import { configCommand } from './config';
import { runCommand } from './run';
import { statusCommand } from './status';
import { watchServiceCommand } from './watch-service';

export const commands: CliCommand[] = [runCommand, checkCommand, statusCommand, configCommand, watchServiceCommand];

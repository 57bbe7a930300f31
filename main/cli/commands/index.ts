import type { CliCommand } from '../command-types';
import { checkCommand } from './check';
import { configCommand } from './config';
import { runCommand } from './run';
import { serviceCommand } from './service';
import { statusCommand } from './status';

export const commands: CliCommand[] = [runCommand, checkCommand, statusCommand, configCommand, serviceCommand];

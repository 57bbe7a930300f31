// pino-roll ships no types: the part of its API the log sink uses.
declare module 'pino-roll' {
  import type { SonicBoom, SonicBoomOpts } from 'sonic-boom';

  export interface PinoRollOptions extends Omit<SonicBoomOpts, 'dest'> {
    file: string;
    /** `5m`, `500k`, or a number of MB. */
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<SonicBoom>;
}

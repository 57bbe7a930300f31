// Where a headless run writes what people read: the terminal's stdout and stderr, or a test's buffers.
export interface ConsoleIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

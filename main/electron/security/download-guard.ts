// The window never downloads anything: the diagnostics zip is written by main after a save dialog
// (saveDiagnostics), so the bytes need no round trip through the renderer. Any other download (a
// compromised or confused page) is refused instead of landing in the Downloads folder unasked, which is
// what a blob link would otherwise do.

export interface DownloadSession {
  on(
    event: 'will-download',
    listener: (event: { preventDefault(): void }, item: { getFilename(): string; getURL(): string }) => void,
  ): unknown;
}

export function refuseDownloads(session: DownloadSession, onRefused: (fileName: string) => void): void {
  session.on('will-download', (event, item) => {
    event.preventDefault();
    onRefused(item.getFilename());
  });
}

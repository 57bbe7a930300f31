// A help text from renderer/src/labels: `key` marks a config key or value, shown as code.
export function HelpText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

// `[remote-commands] allow/deny/order` exactly as the Go client applies them (`isAllowed` in
// client/command.go): with allow,deny a command must match an allow and no deny; with deny,allow any
// allow match wins and otherwise only a deny match refuses. Checked only for commands, not scripts.
import type { RemoteCommandsSection } from '../../../shared/types/config-types';
import { goRegexp } from '../../../shared/go/regexp';

export interface CommandPolicy {
  isAllowed(command: string): boolean;
  /** Patterns that could not be compiled, with the reason; the policy fails closed for them. */
  problems: string[];
}

export function compileCommandPolicy(section: RemoteCommandsSection): CommandPolicy {
  const problems: string[] = [];
  // A bad allow pattern matches nothing and a bad deny pattern matches everything: when a pattern
  // cannot be honoured, the safe side is to refuse.
  const compile = (patterns: string[], onError: RegExp): RegExp[] =>
    patterns.map((pattern) => {
      try {
        return goRegexp(pattern);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
        return onError;
      }
    });
  const allow = compile(section.allow, /(?!)/);
  const deny = compile(section.deny, /[\s\S]?/);
  const matches = (list: RegExp[], command: string): boolean => list.some((re) => re.test(command));
  const denyFirst = section.order[0] === 'deny';
  return {
    problems,
    isAllowed(command) {
      const allowMatch = matches(allow, command);
      const denyMatch = matches(deny, command);
      if (denyFirst) return allowMatch || !denyMatch;
      return allowMatch && !denyMatch;
    },
  };
}

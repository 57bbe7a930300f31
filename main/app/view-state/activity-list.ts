// Remote commands and uploads, newest last. A command is reported when it starts and again when it ends;
// the later report replaces the earlier one (same id) so the list shows one row per command.
import type { RemoteActivity } from '../../shared/types/engine-types';

export class ActivityList {
  private readonly items = new Map<string, RemoteActivity>();

  constructor(private readonly capacity = 200) {}

  apply(activity: RemoteActivity): void {
    this.items.delete(activity.id);
    this.items.set(activity.id, { ...activity });
    while (this.items.size > this.capacity) {
      const oldest = this.items.keys().next().value;
      if (oldest === undefined) break;
      this.items.delete(oldest);
    }
  }

  list(): RemoteActivity[] {
    return [...this.items.values()];
  }
}

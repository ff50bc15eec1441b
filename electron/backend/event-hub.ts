// Pushed events fan out from one hub to every listener: each SSE stream in web mode, each window in the
// desktop app. Listeners that throw (a closed socket, a destroyed window) are dropped, never allowed to stop the rest.
import type { EventName, Events } from '../../shared/contract';

export type EventMessage = { [E in EventName]: { event: E; payload: Events[E] } }[EventName];

export class EventHub {
  private readonly listeners = new Set<(message: EventMessage) => void>();

  subscribe(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    const message = { event, payload } as EventMessage;
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

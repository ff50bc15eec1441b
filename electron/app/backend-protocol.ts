// Messages between Electron main (backend-link.ts) and the backend's process (backend-host.ts). Plain data: they
// cross a process boundary by structured clone.
import type { AppInfo, MediaKind, RequestName } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { EventMessage } from '../backend/event-hub';

export type LinkMessage =
  | { type: 'request'; id: number; name: RequestName; args: unknown }
  | { type: 'media'; id: number; kind: MediaKind; mediaId: string }
  | { type: 'close' };

export type HostMessage =
  | { type: 'ready'; info: AppInfo }
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'event'; message: EventMessage }
  | { type: 'fatal'; message: string };

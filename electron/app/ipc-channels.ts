// IPC channel names. The sandboxed preload cannot require local modules, so it repeats these two strings;
// preload.test.ts fails if they drift apart.
import type { RequestName } from '../../shared/contract';

export const requestChannelPrefix = 'seedscope:request:';
export const eventChannel = 'seedscope:event';

export function requestChannel(name: RequestName): string {
  return `${requestChannelPrefix}${name}`;
}

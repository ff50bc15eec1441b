// The desktop client: the preload exposes a SeedscopeApi through contextBridge as window.seedscope. The renderer
// trusts nothing, so the bridge's shape is checked before use.
import { bridgeGlobalName, type SeedscopeApi } from '../../shared/contract';

export function electronBridge(): SeedscopeApi | null {
  const candidate: unknown = (window as unknown as Record<string, unknown>)[bridgeGlobalName];
  if (typeof candidate !== 'object' || candidate === null) return null;
  const api = candidate as Partial<Record<keyof SeedscopeApi, unknown>>;
  const shaped =
    api.transport === 'electron' &&
    typeof api.request === 'function' &&
    typeof api.subscribe === 'function' &&
    typeof api.imageRefForFile === 'function' &&
    typeof api.mediaUrl === 'function';
  return shaped ? (candidate as SeedscopeApi) : null;
}

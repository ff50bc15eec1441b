// One client, picked once at start: the preload's bridge in the desktop app, HTTP in the web mode.
import { createContext, useContext } from 'react';
import type { SeedscopeApi } from '../../shared/contract';
import { electronBridge } from './electron';
import { createHttpApi } from './http';

export function pickApi(): SeedscopeApi {
  return electronBridge() ?? createHttpApi();
}

export const ApiContext = createContext<SeedscopeApi | null>(null);

export function useApi(): SeedscopeApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}

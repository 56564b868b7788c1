import { createContext, useContext, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createGraphqlClient } from './graphqlClient';
import { LiveConnection } from './liveConnection';
import { PublicTokenSource } from './publicToken';

export interface AppServices {
  client: ReturnType<typeof createGraphqlClient>;
  connection: LiveConnection;
}

/** The page's one token source, live connection and urql client. */
export function createAppServices(): AppServices {
  const tokens = new PublicTokenSource();
  const connection = new LiveConnection(tokens);
  return { client: createGraphqlClient(tokens, connection), connection };
}

const LiveConnectionContext = createContext<LiveConnection | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return (
    <UrqlProvider value={services.client}>
      <LiveConnectionContext.Provider value={services.connection}>{children}</LiveConnectionContext.Provider>
    </UrqlProvider>
  );
}

export function useLiveConnection(): LiveConnection {
  const connection = useContext(LiveConnectionContext);
  if (!connection) throw new Error('useLiveConnection outside ServicesProvider');
  return connection;
}

import { useEffect, useState } from 'react';
import { stringifyDocument, type TypedDocumentNode } from 'urql';

/** Whether this gateway serves GraphiQL (off in production unless GRAPHIQL=true): asked once per page. */
let graphiqlAvailable: Promise<boolean> | null = null;

function probeGraphiql(): Promise<boolean> {
  graphiqlAvailable ??= fetch('/graphiql', { cache: 'no-store' }).then(
    (response) => response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html'),
    () => false,
  );
  return graphiqlAvailable;
}

export function useGraphiqlAvailable(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let current = true;
    void probeGraphiql().then((value) => current && setAvailable(value));
    return () => {
      current = false;
    };
  }, []);
  return available;
}

/** The query's text as the console sends it. */
export const queryText = (document: TypedDocumentNode<any, any>): string => stringifyDocument(document);

/** /graphiql opening this exact query with these variables in a tab of its own (no token: GraphiQL asks for its own). */
export function graphiqlHref(document: TypedDocumentNode<any, any>, variables: Record<string, unknown>): string {
  const parameters = new URLSearchParams({ query: queryText(document), variables: JSON.stringify(variables, null, 2) });
  return `/graphiql?${parameters.toString()}`;
}

import { useMemo } from 'react';
import type { PersistentQuery, StreamsAppView } from '../../engine';
import { catalogFromKey, catalogKey, catalogOfApp, compiledQueryOf } from './queryInfo';

/**
 * The query as compiled from the application's statements (memoised per text: the view is a
 * new object every frame, the statements are not), or null if they no longer compile.
 */
export function useCompiledQuery(app: StreamsAppView, queryId: string): PersistentQuery | null {
  const key = catalogKey(catalogOfApp(app));
  const statements = app.statements;
  return useMemo(
    () => compiledQueryOf(statements, catalogFromKey(key), queryId),
    [statements, key, queryId],
  );
}

// Loading data from the API with the three states every screen shows: loading, failed (with
// the server's message and a way on), and loaded.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import { ApiError, api, type CatalogEntry, type CodeLists, type CodeOption } from './api';
import { useT } from './i18n';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path)
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e), String(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

// The server's message for a failed call, in the UI's language.
export function ErrorNote({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const t = useT();
  const forbidden = error.status === 403;
  return (
    <Alert color={forbidden ? 'orange' : 'red'} title={t.pick(error.vi, error.en)} role="alert">
      {error.violations.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {error.violations.map((v, i) => (
            <li key={i}>{t.pick(v.message_vi, v.message_en)}</li>
          ))}
        </ul>
      )}
      {onRetry && !forbidden && (
        <Group mt="xs">
          <Button size="xs" variant="light" onClick={onRetry}>
            {t('retry')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}

export function Async<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  if (state.error) return <ErrorNote error={state.error} onRetry={state.reload} />;
  if (state.data === undefined && !state.loading) return null; // nothing asked for
  if (state.data === undefined)
    return (
      <Center py="lg">
        <Loader size="sm" mr="sm" />
        <Text c="dimmed">{t('loading')}</Text>
      </Center>
    );
  return <>{children(state.data as T)}</>;
}

// ---- code lists, loaded once per page life ----

let codesPromise: Promise<Map<string, CodeOption[]>> | null = null;
export function loadCodes(): Promise<Map<string, CodeOption[]>> {
  codesPromise ??= api
    .get<CodeLists>('/codes')
    .then((r) => new Map(r.lists.map((l) => [l.name, l.options])))
    .catch((e) => {
      codesPromise = null;
      throw e;
    });
  return codesPromise;
}

const catalogs = new Map<string, Promise<CatalogEntry[]>>();
export function loadCatalog(name: string): Promise<CatalogEntry[]> {
  let p = catalogs.get(name);
  if (!p) {
    p = api
      .get<{ entries: CatalogEntry[] }>('/codes/' + name)
      .then((r) => r.entries)
      .catch((e) => {
        catalogs.delete(name);
        throw e;
      });
    catalogs.set(name, p);
  }
  return p;
}

export function useCodes(): Map<string, CodeOption[]> | undefined {
  const [codes, setCodes] = useState<Map<string, CodeOption[]>>();
  useEffect(() => {
    loadCodes().then(setCodes, () => undefined);
  }, []);
  return codes;
}

export function optionLabel(codes: Map<string, CodeOption[]> | undefined, list: string, code: string | undefined, lang: 'vi' | 'en') {
  if (!code) return '';
  const o = codes?.get(list)?.find((x) => x.code === code);
  return o ? (lang === 'vi' ? o.label_vi : o.label_en) : code;
}

// Names of the communes the user answers for, by UnitKey ("2025:00004"): enough to name the
// residence of every record they may read. Loaded once per page life.
let unitNamesPromise: Promise<Map<string, string>> | null = null;
export function loadUnitNames(): Promise<Map<string, string>> {
  unitNamesPromise ??= Promise.all(
    (['2025', 'pre2025'] as const).map((tree) =>
      api
        .get<{ units: { code: string; name: string }[] }>('/units?within=me&tree=' + tree)
        .then((r) => r.units.map((u) => [tree + ':' + u.code, u.name] as const)),
    ),
  )
    .then((lists) => new Map(lists.flat()))
    .catch((e) => {
      unitNamesPromise = null;
      throw e;
    });
  return unitNamesPromise;
}

export function useUnitNames(): Map<string, string> | undefined {
  const [names, setNames] = useState<Map<string, string>>();
  useEffect(() => {
    loadUnitNames().then(setNames, () => undefined);
  }, []);
  return names;
}

export function useCatalog(name: string): Map<string, string> | undefined {
  const [entries, setEntries] = useState<Map<string, string>>();
  useEffect(() => {
    loadCatalog(name).then(
      (list) => setEntries(new Map(list.map((e) => [e.code, e.name]))),
      () => undefined,
    );
  }, [name]);
  return entries;
}

// "2025:00004" → "Phường Ba Đình (00004)" when the name is known, else the code.
export function unitLabel(names: Map<string, string> | undefined, key: string | undefined): string {
  if (!key) return '';
  const code = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
  const name = names?.get(key);
  return name ? `${name} (${code})` : code;
}

// A list the server pages by cursor: the first page, then `more()` appends the next one.
// A newer path drops answers still on the way for an older one.
export interface Paged<T> {
  items: T[] | undefined;
  error: ApiError | undefined;
  loading: boolean;
  hasMore: boolean;
  more: () => void;
  reload: () => void;
}

export function usePaged<T>(path: string | null): Paged<T> {
  const [items, setItems] = useState<T[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const fetchPage = (after: string | null, append: boolean) => {
    if (path === null) return;
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    const sep = path.includes('?') ? '&' : '?';
    api
      .get<{ items: T[]; next_cursor: string | null }>(path + (after ? `${sep}cursor=${encodeURIComponent(after)}` : ''))
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((old) => (append && old ? [...old, ...page.items] : page.items));
        setCursor(page.next_cursor);
      })
      .catch((e) => mine === generation.current && setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e), String(e))))
      .finally(() => mine === generation.current && setLoading(false));
  };
  useEffect(() => {
    setItems(undefined);
    fetchPage(null, false);
  }, [path, tick]);
  return {
    items,
    error,
    loading,
    hasMore: cursor !== null,
    more: () => cursor && fetchPage(cursor, true),
    reload: useCallback(() => setTick((n) => n + 1), []),
  };
}

// The states of Async for a paged list, with "Trang sau" under it while there is more.
export function AsyncPaged<T>({ state, children }: { state: Paged<T>; children: (items: T[]) => ReactNode }) {
  const t = useT();
  if (state.error && !state.items) return <ErrorNote error={state.error} onRetry={state.reload} />;
  if (state.items === undefined)
    return <Async state={{ data: undefined, error: undefined, loading: true, reload: state.reload }}>{() => null}</Async>;
  return (
    <>
      {children(state.items)}
      {state.error && <ErrorNote error={state.error} onRetry={state.more} />}
      {state.hasMore && (
        <Group mt="xs">
          <Button size="xs" variant="light" onClick={state.more} loading={state.loading}>
            {t('next')}
          </Button>
        </Group>
      )}
    </>
  );
}

// Find a person by CCCD (or CMND) number, or by name typed with or without diacritics, inside
// the user's jurisdiction. The address keeps the query, so a search can be shared or reloaded.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { DataTable } from '../components/DataTable';
import { api, ApiError, query, type WorkerJson } from '../api';
import { ErrorNote, optionLabel, unitLabel, useCodes, useUnitNames } from '../data';
import { formatDate, useT } from '../i18n';
import { linkProps, navigate, useLocation } from '../router';

const idOf = (w: WorkerJson) => String(w.cccd ?? w.cmnd ?? '');

interface Page {
  items: WorkerJson[];
  next_cursor: string | null;
}

export function Search() {
  const t = useT();
  const codes = useCodes();
  const units = useUnitNames();
  const { params } = useLocation();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const sex = params.get('sex') ?? '';
  const [typed, setTyped] = useState(q);
  const [rows, setRows] = useState<WorkerJson[]>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  // Only the latest search may fill the table: a slower answer to an older one is dropped.
  const generation = useRef(0);
  const run = async (cursor?: string) => {
    const mine = ++generation.current;
    const current = () => mine === generation.current;
    setBusy(true);
    setError(undefined);
    try {
      const id = q.replace(/\s/g, '');
      if (/^\d{12}$/.test(id) || /^\d{9}$/.test(id)) {
        let found: WorkerJson[] = [];
        try {
          found = [await api.get<WorkerJson>('/workers/' + id)];
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 404)) throw e;
        }
        if (!current()) return;
        setRows(found);
        setNext(null);
      } else {
        const page = await api.get<Page>('/workers' + query({ name: q, status, sex, limit: 50, cursor }));
        if (!current()) return;
        setRows((r) => (cursor && r ? [...r, ...page.items] : page.items));
        setNext(page.next_cursor);
      }
    } catch (e) {
      if (!current()) return;
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e), String(e)));
      if (!cursor) setRows(undefined); // a failed next page keeps what is shown
    } finally {
      if (current()) setBusy(false);
    }
  };
  useEffect(() => {
    setTyped(q);
    if (q || status || sex) run();
    else setRows(undefined);
  }, [q, status, sex]);

  const go = (changes: Record<string, string>) => {
    const p = { q, status, sex, ...changes };
    navigate('/search' + query(p), true);
  };
  return (
    <Stack>
      <Title order={2}>{t('search')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: typed.trim() });
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            name="q"
            aria-label={t('searchPlaceholder')}
            placeholder={t('searchPlaceholder')}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoFocus
            style={{ flex: '1 1 260px' }}
          />
          <NativeSelect
            aria-label={t('status')}
            value={status}
            onChange={(e) => go({ status: e.currentTarget.value })}
            data={[
              { value: '', label: t('anyStatus') },
              ...(codes?.get('lf_status') ?? []).map((o) => ({ value: o.code, label: t.pick(o.label_vi, o.label_en) })),
            ]}
          />
          <NativeSelect
            aria-label={t('bySex')}
            value={sex}
            onChange={(e) => go({ sex: e.currentTarget.value })}
            data={[
              { value: '', label: t('anySex') },
              ...(codes?.get('sex') ?? []).map((o) => ({ value: o.code, label: t.pick(o.label_vi, o.label_en) })),
            ]}
          />
          <Button type="submit" loading={busy}>
            {t('search')}
          </Button>
        </Group>
      </form>
      <Text size="sm" c="dimmed">
        {t('searchHint')}
      </Text>
      {error && <ErrorNote error={error} onRetry={() => run()} />}
      {rows && rows.length === 0 && <Alert color="gray">{t('noResults')}</Alert>}
      {rows && rows.length > 0 && (
        <div>
          <DataTable
            testId="results"
            minWidth={600}
            rows={rows}
            rowKey={idOf}
            columns={[
              { label: t.pick('Họ tên', 'Name'), cell: (w) => <a {...linkProps('/workers/' + idOf(w))}>{String(w.full_name ?? '')}</a> },
              { label: 'CCCD', cell: idOf },
              { label: t.pick('Ngày sinh', 'Born'), cell: (w) => formatDate(w.birth_date as string, t.lang) },
              { label: t.pick('Giới tính', 'Sex'), cell: (w) => optionLabel(codes, 'sex', w.sex as string, t.lang) },
              { label: t('status'), cell: (w) => optionLabel(codes, 'lf_status', w.lf_status as string, t.lang) },
              { label: t('unit'), cell: (w) => unitLabel(units, w.version?.residence_unit) },
            ]}
          />
          <Group mt="xs">
            <Text size="sm" c="dimmed">
              {rows.length} {t('results')}
            </Text>
            {next && (
              <Button size="xs" variant="light" onClick={() => run(next)} loading={busy}>
                {t('next')}
              </Button>
            )}
          </Group>
        </div>
      )}
    </Stack>
  );
}

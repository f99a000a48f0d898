// Find a person by CCCD (or CMND) number, or by name typed with or without diacritics, inside
// the user's jurisdiction. The address keeps the query, so a search can be shared or reloaded.
import { useEffect, useState } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { DataTable } from '../components/DataTable';
import { query, type WorkerJson } from '../api';
import { ErrorNote, optionLabel, unitLabel, useApi, useCodes, usePaged, useUnitNames } from '../data';
import { formatDate, useT } from '../i18n';
import { linkProps, navigate, useLocation } from '../router';

const idOf = (w: WorkerJson) => String(w.cccd ?? w.cmnd ?? '');

export function Search() {
  const t = useT();
  const codes = useCodes();
  const units = useUnitNames();
  const { params } = useLocation();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const sex = params.get('sex') ?? '';
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);

  // A 12-digit CCCD or 9-digit CMND opens that record; anything else searches by name. Both
  // loaders drop an answer to an older query, so the table always shows the latest one.
  const id = q.replace(/\s/g, '');
  const byId = /^\d{12}$/.test(id) || /^\d{9}$/.test(id);
  const one = useApi<WorkerJson>(byId ? '/workers/' + id : null);
  const many = usePaged<WorkerJson>(!byId && (q || status || sex) ? '/workers' + query({ name: q, status, sex, limit: 50 }) : null);
  const notFound = one.error?.status === 404;
  const rows = byId ? (notFound ? [] : one.data && [one.data]) : many.items;
  const error = byId ? (notFound ? undefined : one.error) : many.error;
  const busy = one.loading || many.loading;

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
      {error && <ErrorNote error={error} onRetry={byId ? one.reload : many.items ? many.more : many.reload} />}
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
            {!byId && many.hasMore && (
              <Button size="xs" variant="light" onClick={many.more} loading={busy}>
                {t('next')}
              </Button>
            )}
          </Group>
        </div>
      )}
    </Stack>
  );
}

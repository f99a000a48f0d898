// One person's record: the current version in paper order, every earlier version with what
// changed, and who has read the record. A worker sees their own record and its readers.
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Modal, NativeSelect, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError, type CodeOption, type Reader, type WorkerJson } from '../api';
import { Async, ErrorNote, optionLabel, unitLabel, useApi, useCatalog, useCodes, useUnitNames } from '../data';
import { formatDate, formatTime, localToday, useT } from '../i18n';
import { linkProps } from '../router';
import { roles, useSession } from '../session';
import { SHEET } from '../sheet';
import { DataTable } from '../components/DataTable';

interface Names {
  codes?: Map<string, CodeOption[]>;
  units?: Map<string, string>;
  ethnicity?: Map<string, string>;
  tree: string; // the tree the record's unit codes are read in
}

// The tree a version's unit codes are read in: the one its residence was recorded in.
function treeOfVersion(v: WorkerJson | undefined): string {
  return (v?.version?.residence_unit ?? '').startsWith('pre2025:') ? 'pre2025' : '2025';
}

function useNames(worker: WorkerJson | undefined): Names {
  const codes = useCodes();
  const units = useUnitNames();
  const ethnicity = useCatalog('ethnicity');
  return { codes, units, ethnicity, tree: treeOfVersion(worker) };
}

function display(name: string, value: string | undefined, n: Names, lang: 'vi' | 'en'): string {
  if (!value) return '';
  const codes = n.codes;
  const item = SHEET.find((s) => s.name === name);
  if (name === 'permanent_unit' || name === 'current_unit' || name === 'workplace_unit') return unitLabel(n.units, n.tree + ':' + value);
  if (name === 'ethnicity') return n.ethnicity?.get(value) ? `${n.ethnicity.get(value)} (${value})` : value;
  if (value === 'true') return lang === 'vi' ? 'Có' : 'Yes';
  if (value === 'false') return lang === 'vi' ? 'Không' : 'No';
  if (item?.list === 'priority_group')
    return value
      .split(';')
      .map((v) => optionLabel(codes, 'priority_group', v, lang))
      .join(', ');
  if (item?.list) return optionLabel(codes, item.list, value, lang);
  if (/_date$|_on$|_start$/.test(name)) return formatDate(value, lang);
  return value;
}

function RecordView({ worker }: { worker: WorkerJson }) {
  const t = useT();
  const names = useNames(worker);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" data-testid="record">
      {SHEET.filter((s) => worker[s.name]).map((s) => (
        <div key={s.name} data-field={s.name}>
          <Text size="xs" c="dimmed">
            {s.item && <span className="form-item">{s.item}.</span>} {t.pick(s.vi, s.en)}
          </Text>
          <Text>{display(s.name, worker[s.name] as string, names, t.lang)}</Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

function History({ versions }: { versions: WorkerJson[] }) {
  const t = useT();
  const names = useNames(versions[versions.length - 1]);
  const codes = names.codes;
  // Newest first, each with what it changed from the one before.
  const rows = versions.map((v, i) => ({ v, before: versions[i - 1] })).reverse();
  const changedIn = (v: WorkerJson, before: WorkerJson) =>
    SHEET.filter((s) => s.name !== 'collected_on' && s.name !== 'source' && (before[s.name] ?? '') !== (v[s.name] ?? ''));
  return (
    <DataTable
      testId="history"
      minWidth={640}
      rows={rows}
      rowKey={({ v }, i) => v.version?.seq ?? i}
      columns={[
        { label: t('version'), cell: ({ v }) => v.version?.seq },
        { label: t('validFrom'), cell: ({ v }) => formatDate(v.version?.valid_from, t.lang) },
        { label: t('recordedAt'), cell: ({ v }) => formatTime(v.version?.recorded_at, t.lang) },
        { label: t('recordedBy'), cell: ({ v }) => v.version?.actor },
        { label: t('source'), cell: ({ v }) => optionLabel(codes, 'source', v.version?.source, t.lang) },
        {
          label: t('changed'),
          cell: ({ v, before }) => (
            <>
              {v.version?.closed && <Badge color="gray">{t('closedRecord')}</Badge>}
              {!before && '—'}
              {before &&
                changedIn(v, before).map((s) => (
                  <div key={s.name}>
                    <Text span size="sm" fw={500}>
                      {t.pick(s.vi, s.en)}:
                    </Text>{' '}
                    <Text span size="sm" td="line-through" c="dimmed">
                      {display(s.name, before[s.name] as string, { ...names, tree: treeOfVersion(before) }, t.lang) || '∅'}
                    </Text>{' '}
                    →{' '}
                    <Text span size="sm">
                      {display(s.name, v[s.name] as string, { ...names, tree: treeOfVersion(v) }, t.lang) || '∅'}
                    </Text>
                  </div>
                ))}
            </>
          ),
        },
      ]}
    />
  );
}

const READ_ACTIONS: Record<string, [string, string]> = {
  read: ['Xem hồ sơ', 'Opened the record'],
  history: ['Xem lịch sử', 'Read the history'],
  list: ['Trong kết quả tìm kiếm, danh sách', 'In a search result or list'],
};

export function Readers({ items }: { items: Reader[] }) {
  const t = useT();
  const units = useUnitNames();
  if (items.length === 0) return <Text c="dimmed">{t('noReaders')}</Text>;
  return (
    <DataTable
      testId="readers"
      minWidth={520}
      rows={items}
      rowKey={(_, i) => i}
      columns={[
        { label: t('readAt'), cell: (r) => formatTime(r.at, t.lang) },
        { label: t('who'), cell: (r) => r.username },
        { label: t('role'), cell: (r) => t.pick(r.role_label_vi, r.role_label_en) },
        { label: t('unit'), cell: (r) => (r.unit === 'national' ? t.pick('Toàn quốc', 'National') : unitLabel(units, r.unit)) },
        { label: t('action'), cell: (r) => (READ_ACTIONS[r.action] ? t.pick(...READ_ACTIONS[r.action]) : r.action) },
      ]}
    />
  );
}

// Closing the record of a person who died or emigrated: a closing version dated as asked
// (today by default); nothing is deleted, and the record can no longer be updated.
function CloseRecord({ id, onClosed }: { id: string; onClosed: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('deceased');
  const [date, setDate] = useState(localToday());
  const [error, setError] = useState<ApiError>();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api.post(`/workers/${id}/close`, { reason, date });
      setOpen(false);
      onClosed();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <>
      <Button variant="default" color="red" onClick={() => setOpen(true)}>
        {t('closeRecord')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('closeRecord')}>
        <form onSubmit={submit}>
          <Stack>
            <NativeSelect
              name="close-reason"
              label={t('closeReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data={[
                { value: 'deceased', label: t('deceased') },
                { value: 'emigrated', label: t('emigrated') },
              ]}
            />
            <TextInput
              name="close-date"
              type="date"
              label={t('closeDate')}
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              required
            />
            <Text size="sm" c="dimmed">
              {t('closeNote')}
            </Text>
            {error && <ErrorNote error={error} />}
            <Button type="submit" color="red">
              {t('confirm')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

export function WorkerPage({ id }: { id: string }) {
  const t = useT();
  const { user } = useSession();
  const current = useApi<WorkerJson>('/workers/' + encodeURIComponent(id));
  const ok = !!current.data;
  const history = useApi<{ versions: WorkerJson[] }>(ok ? `/workers/${id}/history` : null);
  const readers = useApi<{ items: Reader[] }>(ok ? `/workers/${id}/readers` : null);
  if (current.error?.status === 403)
    return (
      <Stack align="flex-start">
        <Alert color="orange" title={t('recordForbidden')} role="alert" data-testid="forbidden" />
        <Button component="a" variant="light" {...linkProps('/search')}>
          {t('search')}
        </Button>
      </Stack>
    );
  if (current.error?.status === 404)
    return (
      <Stack align="flex-start">
        <Alert color="gray" title={t('recordNotFound')} role="alert" />
        <Button component="a" variant="light" {...linkProps('/search')}>
          {t('search')}
        </Button>
      </Stack>
    );
  return (
    <Async state={current}>
      {(w) => (
        <Stack>
          <Group justify="space-between">
            <Title order={2}>
              {String(w.full_name ?? id)}{' '}
              <Text span c="dimmed" size="lg">
                {id}
              </Text>
              {w.version?.closed && (
                <Badge ml="sm" color="gray">
                  {t('closedRecord')}
                </Badge>
              )}
            </Title>
            {roles.entersRecords(user!.role) && !w.version?.closed && (
              <Group gap="xs">
                <Button component="a" {...linkProps(`/workers/${id}/edit`)}>
                  {t('editRecord')}
                </Button>
                <CloseRecord
                  id={id}
                  onClosed={() => {
                    current.reload();
                    history.reload();
                  }}
                />
              </Group>
            )}
          </Group>
          <Card withBorder>
            <Text fw={600} mb="xs">
              {t('currentRecord')} · {t('validFrom')} {formatDate(w.version?.valid_from, t.lang)}
            </Text>
            <RecordView worker={w} />
          </Card>
          <Tabs defaultValue="history" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="history">{t('history')}</Tabs.Tab>
              <Tabs.Tab value="readers">{t('readers')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="history" pt="sm">
              <Async state={history}>{(h) => <History versions={h.versions} />}</Async>
            </Tabs.Panel>
            <Tabs.Panel value="readers" pt="sm">
              <Async state={readers}>{(r) => <Readers items={r.items} />}</Async>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Async>
  );
}

// A worker's own record and who has read it ("ai đã xem dữ liệu của tôi").
export function MyRecord() {
  const t = useT();
  const { user } = useSession();
  const id = user!.person ?? '';
  const current = useApi<WorkerJson>(id ? '/workers/' + id : null);
  const readers = useApi<{ items: Reader[] }>(id ? '/me/readers' : null);
  if (!id) return <Alert color="orange">{t('noPersonLinked')}</Alert>;
  return (
    <Stack>
      <Title order={2}>{t('myRecord')}</Title>
      <Card withBorder>
        <Async state={current}>{(w) => <RecordView worker={w} />}</Async>
      </Card>
      <Title order={4}>{t('readers')}</Title>
      <Async state={readers}>{(r) => <Readers items={r.items} />}</Async>
    </Stack>
  );
}

// The labour-supply report of any unit the user answers for, on any day: totals, every
// breakdown, the units below, downloads as XLSX/PDF/CSV, and the reporting calendar.
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { DataTable } from '../components/DataTable';
import { api, ApiError, query, type LabourSupply, type Unit } from '../api';
import { Async, ErrorNote, useApi } from '../data';
import { formatDate, formatNumber, formatTime, localToday, useT } from '../i18n';
import { unitParams, useSession } from '../session';

const FORMAT_LABEL: Record<string, string> = { xlsx: 'Excel (XLSX)', pdf: 'PDF', csv: 'CSV', png: 'PNG', svg: 'SVG' };

// Download links for an API answer that also comes as files (the server names the file).
export function Downloads({ path, formats }: { path: string; formats: string[] }) {
  const t = useT();
  const sep = path.includes('?') ? '&' : '?';
  return (
    <Group gap="xs">
      <Text size="sm">{t('download')}:</Text>
      {formats.map((f) => (
        <Button
          key={f}
          size="compact-sm"
          variant="default"
          component="a"
          href={`/api${path}${sep}format=${f}&lang=${t.lang}`}
          download
          data-format={f}
        >
          {FORMAT_LABEL[f] ?? f}
        </Button>
      ))}
    </Group>
  );
}

export function Reports() {
  const t = useT();
  const { user } = useSession();
  const mine = unitParams(user!.unit);
  const [unit, setUnit] = useState(mine.unit);
  const [tree, setTree] = useState(mine.tree);
  const [asOf, setAsOf] = useState(localToday());
  const [breakdown, setBreakdown] = useState('age_group');
  const where = { unit, tree, as_of: asOf };
  const path = '/reports/labour-supply' + query(where);
  // Headings and labels come from the server in the UI's language.
  const report = useApi<LabourSupply>(path + '&lang=' + t.lang);
  const children = useApi<{ units: Unit[] }>(unit === 'national' ? '/units' + query({ tree }) : '/units' + query({ parent: unit, tree }));
  const byUnitPath = '/reports/labour-supply' + query({ ...where, by: 'unit' });
  const byUnit = useApi<{ units: (LabourSupply & { unit: string })[] }>(
    children.data?.units.length ? byUnitPath + '&lang=' + t.lang : null,
  );
  const n = (x: number) => formatNumber(x, t.lang);
  return (
    <Stack>
      <Title order={2}>{t('labourSupply')}</Title>
      <Group align="flex-end" wrap="wrap">
        {/* A unit code is asked for on Enter or on leaving the box, not at every keystroke. */}
        <TextInput
          key={unit}
          label={t('unitCode')}
          defaultValue={unit}
          onBlur={(e) => setUnit(e.currentTarget.value.trim() || mine.unit)}
          onKeyDown={(e) => e.key === 'Enter' && setUnit(e.currentTarget.value.trim() || mine.unit)}
          w={140}
          name="unit"
        />
        <NativeSelect
          label={t('tree')}
          value={tree}
          onChange={(e) => setTree(e.currentTarget.value)}
          data={[
            { value: '2025', label: t('tree2025') },
            { value: 'pre2025', label: t('treePre2025') },
          ]}
        />
        <TextInput label={t('asOf')} type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} name="as_of" />
        {unit !== mine.unit && (
          <Button variant="subtle" onClick={() => (setUnit(mine.unit), setTree(mine.tree))}>
            ↺ {mine.unit}
          </Button>
        )}
      </Group>
      <Downloads path={path} formats={['xlsx', 'pdf', 'csv']} />
      <Async state={report}>
        {(r) => (
          <Card withBorder>
            <Text fw={700} mb="xs" data-testid="report-title">
              {r.unit_name} · {t('asOf').toLowerCase()} {formatDate(r.as_of, t.lang)}
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} mb="md">
              {(
                [
                  ['population15', r.population_15plus],
                  ['labourForce', r.labour_force],
                  ['employed', r.employed],
                  ['unemployed', r.unemployed],
                  ['outside', r.outside],
                  ['notStated', r.status_unknown],
                ] as const
              ).map(([k, v]) => (
                <div key={k}>
                  <Text size="xs" c="dimmed">
                    {t(k)}
                  </Text>
                  <Text fw={700} fz="lg">
                    {n(v)}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
            <NativeSelect
              label={t.pick('Phân tổ theo', 'Break down by')}
              value={breakdown}
              onChange={(e) => setBreakdown(e.currentTarget.value)}
              data={Object.entries(r.breakdowns).map(([k, b]) => ({ value: k, label: b.heading }))}
              maw={360}
              mb="xs"
            />
            <DataTable
              minWidth={560}
              rows={r.breakdowns[breakdown]?.lines ?? []}
              rowKey={(l) => l.value}
              columns={[
                { label: '', cell: (l) => l.label },
                { label: t('population15'), num: true, cell: (l) => n(l.population_15plus) },
                { label: t('employed'), num: true, cell: (l) => n(l.employed) },
                { label: t('unemployed'), num: true, cell: (l) => n(l.unemployed) },
                { label: t('outside'), num: true, cell: (l) => n(l.outside) },
                { label: t('female'), num: true, cell: (l) => n(l.female.population_15plus) },
              ]}
            />
          </Card>
        )}
      </Async>
      {byUnit.data && (
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Text fw={700}>{t('byUnit')}</Text>
            <Downloads path={byUnitPath} formats={['xlsx', 'csv']} />
          </Group>
          <DataTable
            minWidth={560}
            rows={byUnit.data.units}
            rowKey={(u) => u.unit}
            columns={[
              {
                label: t('unit'),
                cell: (u) => (
                  <>
                    <Button variant="subtle" size="compact-sm" onClick={() => setUnit(u.unit)}>
                      {u.unit_name}
                    </Button>
                  </>
                ),
              },
              { label: t('population15'), num: true, cell: (u) => n(u.population_15plus) },
              { label: t('employed'), num: true, cell: (u) => n(u.employed) },
              { label: t('unemployed'), num: true, cell: (u) => n(u.unemployed) },
              { label: t('outside'), num: true, cell: (u) => n(u.outside) },
              { label: t('unemploymentRate'), num: true, cell: (u) => u.unemployment_rate ?? '–' },
            ]}
          />
        </Card>
      )}
      {byUnit.error && <ErrorNote error={byUnit.error} />}
      <Calendar unit={unit} tree={tree} />
    </Stack>
  );
}

interface Entry {
  schedule_id: number;
  schedule: string;
  frequency: string;
  period: string;
  deadline: string;
  state: string;
  state_label: string;
  submitted_at: string | null;
  submitted_by: string | null;
}

function Calendar({ unit, tree }: { unit: string; tree: string }) {
  const t = useT();
  const cal = useApi<{ entries: Entry[] }>('/reports/calendar' + query({ unit, tree, lang: t.lang }));
  const [error, setError] = useState<ApiError>();
  const submit = async (e: Entry) => {
    setError(undefined);
    try {
      await api.post('/reports/submissions', { unit, tree, schedule_id: e.schedule_id, period: e.period });
      cal.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  if (cal.error?.status === 403) return null;
  const color = (s: string) => (s === 'late' ? 'red' : s === 'due' ? 'yellow' : s.startsWith('submitted') ? 'green' : 'gray');
  return (
    <Card withBorder>
      <Text fw={700} mb="xs">
        {t('calendar')}
      </Text>
      {error && <ErrorNote error={error} />}
      <Async state={cal}>
        {(c) =>
          c.entries.length === 0 ? (
            <Alert color="gray">{t('none')}</Alert>
          ) : (
            <DataTable
              minWidth={560}
              rows={c.entries.slice(-12).reverse()}
              rowKey={(e) => e.schedule_id + e.period}
              columns={[
                { label: t('reports'), cell: (e) => e.schedule },
                { label: t('period'), cell: (e) => e.period },
                { label: t('deadline'), cell: (e) => formatDate(e.deadline, t.lang) },
                {
                  label: t('state'),
                  cell: (e) => (
                    <>
                      <Badge color={color(e.state)} variant="light">
                        {e.state_label}
                      </Badge>
                      {e.submitted_at && (
                        <Text span size="xs" c="dimmed" ml={4}>
                          {e.submitted_by} · {formatTime(e.submitted_at, t.lang)}
                        </Text>
                      )}
                    </>
                  ),
                },
                {
                  label: '',
                  cell: (e) => (
                    <>
                      {!e.submitted_at && (e.state === 'due' || e.state === 'late') && (
                        <Button size="compact-xs" variant="light" onClick={() => submit(e)}>
                          {t('submit')}
                        </Button>
                      )}
                    </>
                  ),
                },
              ]}
            />
          )
        }
      </Async>
    </Card>
  );
}

// The user's jurisdiction at a glance: the labour-supply figures of today, by status and sex,
// the age pyramid, twelve month-ends of trend and the latest campaign's progress.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ChartConfiguration } from 'chart.js';
import { api, ApiError, query, type Campaign, type Counts, type LabourSupply } from '../api';
import { Async, ErrorNote, useApi } from '../data';
import { formatDate, formatNumber, localToday, useT } from '../i18n';
import { linkProps } from '../router';
import { unitParams, useSession } from '../session';
import { ChartView, palette } from '../components/Chart';
import { DataTable } from '../components/DataTable';

export function Dashboard() {
  const t = useT();
  const { user } = useSession();
  const where = unitParams(user!.unit);
  const report = useApi<LabourSupply>('/reports/labour-supply' + query(where));
  return (
    <Stack>
      <Title order={2}>
        {t('dashboard')}
        {report.data && (
          <Text span c="dimmed" size="lg" ml="sm">
            {report.data.unit_name} · {formatDate(report.data.as_of, t.lang)}
          </Text>
        )}
      </Title>
      {report.error?.status === 403 ? (
        <Alert color="blue">{t('reportsNotForRole')}</Alert>
      ) : (
        <Async state={report}>{(r) => <Figures report={r} />}</Async>
      )}
      {!report.error && report.data && <Trend where={where} />}
      <CampaignProgress where={where} />
    </Stack>
  );
}

function Stat({ id, label, value, sub }: { id: string; label: string; value: string; sub?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} data-testid={'stat-' + id}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
    </Card>
  );
}

function pct(part: number, whole: number) {
  return whole ? ((100 * part) / whole).toFixed(1).replace('.', ',') + ' %' : '–';
}

function Figures({ report: r }: { report: LabourSupply }) {
  const t = useT();
  const n = (x: number) => formatNumber(x, t.lang);
  const rate = r.unemployment_rate === null ? '–' : String(r.unemployment_rate).replace('.', t.lang === 'vi' ? ',' : '.') + ' %';
  const status: ChartConfiguration = useMemo(
    () => ({
      type: 'doughnut',
      data: {
        labels: [t('employed'), t('unemployed'), t('outside'), t('notStated')],
        datasets: [
          {
            data: [r.employed, r.unemployed, r.outside, r.status_unknown],
            backgroundColor: [palette.employed, palette.unemployed, palette.outside, palette.unknown],
          },
        ],
      },
      options: { plugins: { legend: { position: 'bottom' } } },
    }),
    [r, t.lang],
  );
  const sex: ChartConfiguration = useMemo(() => {
    const rows: [string, (c: Counts) => number][] = [
      [t('employed'), (c) => c.employed],
      [t('unemployed'), (c) => c.unemployed],
      [t('outside'), (c) => c.outside],
    ];
    return {
      type: 'bar',
      data: {
        labels: rows.map((x) => x[0]),
        datasets: [
          { label: t('male'), data: rows.map((x) => x[1](r.by_sex.male)), backgroundColor: palette.male },
          { label: t('female'), data: rows.map((x) => x[1](r.by_sex.female)), backgroundColor: palette.female },
        ],
      },
      options: { plugins: { legend: { position: 'bottom' } } },
    };
  }, [r, t.lang]);
  const pyramid: ChartConfiguration = useMemo(() => {
    const lines = (r.breakdowns.age_group?.lines ?? [])
      .filter((l) => /\d/.test(l.value))
      .slice()
      .reverse();
    return {
      type: 'bar',
      data: {
        labels: lines.map((l) => l.label),
        datasets: [
          { label: t('male'), data: lines.map((l) => -l.male.population_15plus), backgroundColor: palette.male },
          { label: t('female'), data: lines.map((l) => l.female.population_15plus), backgroundColor: palette.female },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { stacked: true, ticks: { callback: (v) => formatNumber(Math.abs(Number(v)), t.lang) } },
          y: { stacked: true },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatNumber(Math.abs(Number(c.raw)), t.lang)}` } },
        },
      },
    };
  }, [r, t.lang]);
  if (r.population_15plus === 0) return <Alert color="gray">{t('noData')}</Alert>;
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <Stat id="population_15plus" label={t('population15')} value={n(r.population_15plus)} />
        <Stat id="labour_force" label={t('labourForce')} value={n(r.labour_force)} sub={pct(r.labour_force, r.population_15plus)} />
        <Stat id="employed" label={t('employed')} value={n(r.employed)} sub={pct(r.employed, r.population_15plus)} />
        <Stat id="unemployed" label={t('unemployed')} value={n(r.unemployed)} />
        <Stat id="outside" label={t('outside')} value={n(r.outside)} sub={pct(r.outside, r.population_15plus)} />
        <Stat id="unemployment_rate" label={t('unemploymentRate')} value={rate} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Text fw={600} mb="xs">
            {t('byStatus')}
          </Text>
          <ChartView config={status} label={t('byStatus')} />
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            {t('bySex')}
          </Text>
          <ChartView config={sex} label={t('bySex')} />
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            {t('pyramid')}
          </Text>
          <ChartView config={pyramid} label={t('pyramid')} />
        </Card>
      </SimpleGrid>
    </>
  );
}

// The last day of each of the 12 months before this one, and today.
function monthEnds(today: Date): string[] {
  const days: string[] = [];
  for (let back = 12; back >= 1; --back) {
    const d = new Date(Date.UTC(today.getFullYear(), today.getMonth() - back + 1, 0));
    days.push(d.toISOString().slice(0, 10));
  }
  days.push(localToday());
  return days;
}

function Trend({ where }: { where: { unit: string; tree: string } }) {
  const t = useT();
  const [points, setPoints] = useState<LabourSupply[]>();
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(undefined);
    Promise.all(monthEnds(new Date()).map((d) => api.get<LabourSupply>('/reports/labour-supply' + query({ ...where, as_of: d }))))
      .then((p) => live && setPoints(p))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [where.unit, where.tree, tick]);
  const config: ChartConfiguration | null = useMemo(
    () =>
      points
        ? {
            type: 'line',
            data: {
              labels: points.map((p) => formatDate(p.as_of, t.lang).slice(t.lang === 'vi' ? 3 : 0, t.lang === 'vi' ? 10 : 7)),
              datasets: [
                {
                  label: t('employed'),
                  data: points.map((p) => p.employed),
                  borderColor: palette.employed,
                  backgroundColor: palette.employed,
                },
                {
                  label: t('unemployed'),
                  data: points.map((p) => p.unemployed),
                  borderColor: palette.unemployed,
                  backgroundColor: palette.unemployed,
                },
                { label: t('outside'), data: points.map((p) => p.outside), borderColor: palette.outside, backgroundColor: palette.outside },
              ],
            },
            options: { plugins: { legend: { position: 'bottom' } } },
          }
        : null,
    [points, t.lang],
  );
  if (error) return <ErrorNote error={error} onRetry={() => setTick((n) => n + 1)} />;
  return (
    <Card withBorder data-testid="trend">
      <Text fw={600} mb="xs">
        {t('trend')}
      </Text>
      {config ? <ChartView config={config} label={t('trend')} height={240} /> : <Text c="dimmed">{t('loading')}</Text>}
    </Card>
  );
}

export interface ProgressLine {
  unit: string | null;
  unit_name: string;
  quota: number;
  assigned: number;
  collected: number;
  accepted: number;
  handed_over: number;
  entered: number;
  archived: number;
  returned: number;
  collected_pct: number | null;
  entered_pct: number | null;
  late: boolean;
}
export interface ProgressReport {
  campaign: number;
  unit_name: string;
  as_of: string;
  waves: { number: number; name: string; deadline: string; rows: ProgressLine[]; total: ProgressLine }[];
}

export function ProgressTable({ progress }: { progress: ProgressReport }) {
  const t = useT();
  const n = (x: number) => formatNumber(x, t.lang);
  return (
    <Stack>
      {progress.waves.map((w) => (
        <div key={w.number}>
          <Text fw={600}>
            {w.name} · {t('deadline')} {formatDate(w.deadline, t.lang)}
          </Text>
          <DataTable
            minWidth={640}
            rows={[...w.rows, w.total]}
            rowKey={(_, i) => i}
            bold={(_, i) => i === w.rows.length}
            columns={[
              {
                label: t('unit'),
                cell: (row, i) => (
                  <>
                    {i === w.rows.length ? t('total') : row.unit_name}
                    {row.late && (
                      <Text span c="red" size="xs" ml={4}>
                        ({t('late')})
                      </Text>
                    )}
                  </>
                ),
              },
              { label: t('quota'), num: true, cell: (row) => n(row.quota) },
              { label: t('assigned'), num: true, cell: (row) => n(row.assigned) },
              { label: t('collected'), num: true, cell: (row) => n(row.collected) },
              { label: t('entered'), num: true, cell: (row) => n(row.entered) },
              {
                label: '%',
                width: 160,
                cell: (row) => (
                  <Group gap={6} wrap="nowrap">
                    <Progress value={row.collected_pct ?? 0} w={90} color={row.late ? 'red' : 'blue'} />
                    <Text size="xs">{row.collected_pct === null ? '–' : row.collected_pct.toFixed(0) + '%'}</Text>
                  </Group>
                ),
              },
            ]}
          />
        </div>
      ))}
    </Stack>
  );
}

function CampaignProgress({ where }: { where: { unit: string; tree: string } }) {
  const t = useT();
  const list = useApi<{ items: Campaign[] }>('/campaigns');
  const latest = list.data?.items.slice().sort((a, b) => b.reference_date.localeCompare(a.reference_date))[0];
  const progress = useApi<ProgressReport>(
    latest ? `/campaigns/${latest.id}/progress` + query(where.unit === 'national' ? {} : where) : null,
  );
  if (list.error) return list.error.status === 403 ? null : <ErrorNote error={list.error} onRetry={list.reload} />;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {t('progress')}
          {latest && ` · ${latest.name}`}
        </Text>
        {latest && (
          <Text component="a" size="sm" {...linkProps('/campaigns/' + latest.id)}>
            {t('campaign')} →
          </Text>
        )}
      </Group>
      {list.data && !latest && <Text c="dimmed">{t('noCampaign')}</Text>}
      {latest && <Async state={progress}>{(p) => <ProgressTable progress={p} />}</Async>}
    </Card>
  );
}

// The reconciliation queue: linkage proposals waiting for an officer's decision, and a
// comparison with the population register started on demand.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { DataTable } from '../components/DataTable';
import { api, ApiError, query } from '../api';
import { AsyncPaged, ErrorNote, usePaged } from '../data';
import { SHEET_ITEM } from '../sheet';
import { formatNumber, useT } from '../i18n';
import { linkProps } from '../router';
import { unitParams, useSession } from '../session';

interface Proposal {
  id: number;
  state: string;
  score: number;
  worker_id: string;
  register_cccd: string;
  unit: string;
  proposed_at: string;
  reasons: { field: string; outcome: string; label_vi: string; outcome_vi: string }[];
}
interface Run {
  id: number;
  state: string;
  totals?: Record<string, number>;
  error?: { message_vi: string; message_en: string } | null;
}
interface Discrepancy {
  unit: string;
  cccd: string;
  kind: string;
  kind_label_vi: string;
  field: string;
  worker_value: string;
  register_value: string;
}

const KIND_EN: Record<string, string> = {
  field_mismatch: 'Fields disagree',
  not_in_register: 'Not in the register',
  no_worker_record: 'No worker record',
  closed_in_register: 'Dead or emigrated in the register',
};
const TOTALS: Record<string, [string, string]> = {
  workers: ['Hồ sơ đã so', 'Records compared'],
  register_rows: ['Dòng CSDL dân cư', 'Register rows'],
  matched: ['Khớp số CCCD', 'Matched by CCCD'],
  field_mismatch: ['Sai lệch thông tin', 'Fields disagree'],
  not_in_register: ['Không có trong CSDL', 'Not in the register'],
  no_worker_record: ['Chưa có hồ sơ', 'No worker record'],
  closed_in_register: ['Đã mất/xuất cảnh theo CSDL', 'Dead or emigrated in the register'],
  proposals: ['Đề xuất liên kết', 'Linkage proposals'],
};

export function Reconcile() {
  const t = useT();
  const { user } = useSession();
  const where = unitParams(user!.unit);
  const proposals = usePaged<Proposal>('/linkage/proposals' + query({ state: 'proposed', limit: 100 }));
  const [error, setError] = useState<ApiError>();
  const [run, setRun] = useState<Run>();
  const discrepancies = usePaged<Discrepancy>(run?.state === 'done' ? `/reconciliations/${run.id}/discrepancies?limit=200` : null);

  const decide = async (p: Proposal, decision: 'accept' | 'reject') => {
    setError(undefined);
    try {
      await api.post(`/linkage/proposals/${p.id}/decision`, { decision });
      proposals.reload();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const start = async () => {
    setError(undefined);
    try {
      const body: Record<string, string> = { kind: 'population' };
      if (where.unit !== 'national') Object.assign(body, where);
      setRun(await api.post<Run>('/reconciliations', body));
    } catch (e) {
      setError(e as ApiError);
    }
  };
  useEffect(() => {
    if (!run || run.state === 'done' || run.state === 'failed') return;
    // A failed check ends the wait (the button is free again) and says why.
    const timer = window.setTimeout(
      () =>
        api.get<Run>('/reconciliations/' + run.id).then(setRun, (e) => {
          setError(e);
          setRun(undefined);
        }),
      500,
    );
    return () => window.clearTimeout(timer);
  }, [run]);
  return (
    <Stack>
      <Title order={2}>{t('reconcile')}</Title>
      {error && <ErrorNote error={error} />}
      <Card withBorder>
        <Text fw={700} mb="xs">
          {t('proposals')}
        </Text>
        <AsyncPaged state={proposals}>
          {(items) =>
            items.length === 0 ? (
              <Text c="dimmed">{t('noProposals')}</Text>
            ) : (
              <DataTable
                minWidth={640}
                rows={items}
                rowKey={(x) => x.id}
                columns={[
                  {
                    label: t('currentRecord'),
                    cell: (x) => (
                      <>
                        <a {...linkProps('/workers/' + x.worker_id)}>{x.worker_id}</a>
                      </>
                    ),
                  },
                  { label: t('registerValue'), cell: (x) => x.register_cccd },
                  { label: t('score'), num: true, cell: (x) => x.score.toFixed(1) },
                  {
                    label: '',
                    cell: (x) => (
                      <>
                        {x.reasons.map((r) => (
                          <Badge key={r.field} size="xs" variant="light" mr={4}>
                            {t.lang === 'vi'
                              ? `${r.label_vi}: ${r.outcome_vi}`
                              : `${r.field.replace(/_/g, ' ')}: ${r.outcome.replace(/_/g, ' ')}`}
                          </Badge>
                        ))}
                      </>
                    ),
                  },
                  {
                    label: '',
                    cell: (x) => (
                      <>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" onClick={() => decide(x, 'accept')}>
                            {t('accept')}
                          </Button>
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => decide(x, 'reject')}>
                            {t('reject')}
                          </Button>
                        </Group>
                      </>
                    ),
                  },
                ]}
              />
            )
          }
        </AsyncPaged>
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={700}>{t('discrepancies')}</Text>
          <Button size="xs" variant="light" onClick={start} loading={!!run && run.state !== 'done' && run.state !== 'failed'}>
            {t('startReconcile')}
          </Button>
        </Group>
        {run?.error && <Alert color="red">{t.pick(run.error.message_vi, run.error.message_en)}</Alert>}
        {run?.totals && (
          <Group gap="lg" mb="sm">
            {Object.entries(run.totals).map(([k, v]) => (
              <Text key={k} size="sm">
                {TOTALS[k] ? t.pick(...TOTALS[k]) : k}: <b>{formatNumber(v, t.lang)}</b>
              </Text>
            ))}
          </Group>
        )}
        {run?.state === 'done' && (
          <AsyncPaged state={discrepancies}>
            {(items) =>
              items.length === 0 ? (
                <Text c="dimmed">{t('noDiscrepancies')}</Text>
              ) : (
                <DataTable
                  minWidth={640}
                  rows={items}
                  rowKey={(_, i) => i}
                  columns={[
                    {
                      label: 'CCCD',
                      cell: (x) => <>{x.cccd ? <a {...linkProps('/workers/' + x.cccd)}>{x.cccd}</a> : '—'}</>,
                    },
                    {
                      label: t('state'),
                      cell: (x) => (
                        <>
                          {t.lang === 'vi' ? x.kind_label_vi : (KIND_EN[x.kind] ?? x.kind)}{' '}
                          {x.field &&
                            `(${SHEET_ITEM.get(x.field) ? t.pick(SHEET_ITEM.get(x.field)!.vi, SHEET_ITEM.get(x.field)!.en) : x.field})`}
                        </>
                      ),
                    },
                    { label: t('workerValue'), cell: (x) => x.worker_value },
                    { label: t('registerValue'), cell: (x) => x.register_value },
                  ]}
                />
              )
            }
          </AsyncPaged>
        )}
      </Card>
    </Stack>
  );
}

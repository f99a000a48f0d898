// Collection campaigns: their progress by commune, a commune's worklist, the paper forms and
// the hand-over records to the commune police.
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DataTable } from '../components/DataTable';
import { api, ApiError, query, type Campaign, type Unit } from '../api';
import { Async, AsyncPaged, ErrorNote, useApi, usePaged } from '../data';
import { formatDate, formatNumber, formatTime, useT, type MessageKey } from '../i18n';
import { linkProps } from '../router';
import { useSession } from '../session';
import { ProgressTable, type ProgressReport } from './Dashboard';
import { Downloads } from './Reports';

export function Campaigns() {
  const t = useT();
  const list = useApi<{ items: Campaign[] }>('/campaigns');
  return (
    <Stack>
      <Title order={2}>{t('campaigns')}</Title>
      <Async state={list}>
        {(l) =>
          l.items.length === 0 ? (
            <Alert color="gray">{t('noCampaign')}</Alert>
          ) : (
            <DataTable
              minWidth={560}
              rows={l.items}
              rowKey={(c) => c.id}
              columns={[
                {
                  label: t('campaign'),
                  cell: (c) => (
                    <>
                      <a {...linkProps('/campaigns/' + c.id)}>{c.name}</a>
                    </>
                  ),
                },
                { label: t('unit'), cell: (c) => c.unit_name },
                { label: t('referenceDate'), cell: (c) => formatDate(c.reference_date, t.lang) },
                {
                  label: t('window'),
                  cell: (c) => (
                    <>
                      {formatDate(c.window_start, t.lang)} – {formatDate(c.window_end, t.lang)}
                    </>
                  ),
                },
                { label: t('forms'), num: true, cell: (c) => formatNumber(c.forms, t.lang) },
              ]}
            />
          )
        }
      </Async>
    </Stack>
  );
}

interface Household {
  household_id: string | null;
  address: string;
  members: {
    cccd: string;
    full_name: string;
    birth_date: string;
    relation_to_head: string;
    reason: string;
    form: number | null;
    form_state: string | null;
    collector: string | null;
  }[];
}
interface Form {
  id: number;
  cccd: string;
  full_name: string;
  collector: string;
  state: string;
  state_label_vi: string;
  state_label_en: string;
  state_at: string;
  wave: number;
}
interface Handover {
  id: number;
  unit: string;
  from: string;
  to: string;
  at: string;
  count: number;
  check_code: string;
  note: string | null;
}

export function CampaignPage({ id }: { id: string }) {
  const campaign = useApi<Campaign>('/campaigns/' + id);
  return <Async state={campaign}>{(c) => <CampaignView campaign={c} />}</Async>;
}

// A campaign seen for one commune of the user's area (or all of them, for the progress).
function CampaignView({ campaign: c }: { campaign: Campaign }) {
  const t = useT();
  const communes = useApi<{ units: Unit[]; national: boolean }>(`/units?within=me&tree=${c.tree}`);
  const [unit, setUnit] = useState<string>();
  const list = communes.data?.units ?? [];
  const chosen = unit ?? (list.length === 1 ? list[0].code : '');
  const id = c.id;
  const progressAt = chosen ? query({ unit: chosen, tree: c.tree }) : '';
  const communeAt = chosen ? query({ unit: chosen }) : '';
  const needCommune = <Alert color="blue">{t('chooseCommuneHint')}</Alert>;
  return (
    <Stack>
      <Title order={2}>
        {c.name}{' '}
        <Text span c="dimmed" size="lg">
          {c.unit_name} · {formatDate(c.reference_date, t.lang)}
        </Text>
      </Title>
      {communes.data?.national ? (
        <TextInput label={t('unitCode')} value={chosen} onChange={(e) => setUnit(e.currentTarget.value.trim())} w={200} name="commune" />
      ) : (
        list.length > 1 && (
          <NativeSelect
            label={t('commune')}
            name="commune"
            value={chosen}
            onChange={(e) => setUnit(e.currentTarget.value)}
            data={[{ value: '', label: t('allCommunes') }, ...list.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))]}
            maw={420}
          />
        )
      )}
      <Tabs defaultValue="progress" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="progress">{t('progress')}</Tabs.Tab>
          <Tabs.Tab value="worklist">{t('worklist')}</Tabs.Tab>
          <Tabs.Tab value="forms">{t('forms')}</Tabs.Tab>
          <Tabs.Tab value="handovers">{t('handovers')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="progress" pt="sm">
          <ProgressPanel path={`/campaigns/${id}/progress${progressAt}`} />
        </Tabs.Panel>
        <Tabs.Panel value="worklist" pt="sm">
          {chosen ? <WorklistPanel path={`/campaigns/${id}/worklist${communeAt}`} /> : needCommune}
        </Tabs.Panel>
        <Tabs.Panel value="forms" pt="sm">
          <FormsPanel path={`/campaigns/${id}/forms${communeAt}`} campaign={String(id)} />
        </Tabs.Panel>
        <Tabs.Panel value="handovers" pt="sm">
          <HandoversPanel path={`/campaigns/${id}/handovers${communeAt}`} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ProgressPanel({ path }: { path: string }) {
  const progress = useApi<ProgressReport>(path);
  return (
    <Stack>
      <Downloads path={path} formats={['xlsx', 'csv', 'png']} />
      <Async state={progress}>{(p) => <ProgressTable progress={p} />}</Async>
    </Stack>
  );
}

function WorklistPanel({ path }: { path: string }) {
  const t = useT();
  const list = useApi<{ households: Household[]; unit_name: string }>(path);
  return (
    <Stack>
      <Downloads path={path} formats={['xlsx', 'pdf', 'csv']} />
      <Async state={list}>
        {(w) =>
          w.households.length === 0 ? (
            <Alert color="gray">{t('none')}</Alert>
          ) : (
            <Stack gap="xs">
              {w.households.slice(0, 200).map((h, i) => (
                <Card withBorder key={h.household_id ?? i} padding="xs">
                  <Text fw={600} size="sm">
                    {t('household')} {h.household_id ?? '—'} · {h.address}
                  </Text>
                  {h.members.map((m) => (
                    <Group key={m.cccd} gap="xs" wrap="nowrap">
                      <a {...linkProps('/workers/' + m.cccd)}>{m.full_name}</a>
                      <Text size="xs" c="dimmed">
                        {m.cccd} · {formatDate(m.birth_date, t.lang)} · {m.relation_to_head}
                      </Text>
                      {m.form_state && (
                        <Badge size="xs">{FORM_STATE[m.form_state] ? t.pick(...FORM_STATE[m.form_state]) : m.form_state}</Badge>
                      )}
                    </Group>
                  ))}
                </Card>
              ))}
              {w.households.length > 200 && (
                <Text c="dimmed" size="sm">
                  {t.pick(
                    `Còn ${w.households.length - 200} hộ nữa: tải về XLSX hoặc PDF để xem đủ.`,
                    `${w.households.length - 200} more households: download the XLSX or PDF for all of them.`,
                  )}
                </Text>
              )}
            </Stack>
          )
        }
      </Async>
    </Stack>
  );
}

const FORM_STATE: Record<string, [string, string]> = {
  assigned: ['Đã giao', 'Assigned'],
  collected: ['Đã thu thập', 'Collected'],
  accepted: ['Đã nghiệm thu', 'Accepted'],
  returned: ['Bị trả lại', 'Returned'],
  handed_over: ['Đã bàn giao', 'Handed over'],
  entered: ['Đã nhập', 'Entered'],
  archived: ['Đã lưu trữ', 'Archived'],
};

// The moves of a form's life cycle a role makes from a state (the server decides again):
// the collector and the commune officer collect, the officer accepts or returns, the commune
// police enter what was handed over (or return it), and either archives an entered form.
const MOVES: Record<string, [string, string[]][]> = {
  assigned: [['collected', ['collector', 'commune_officer']]],
  returned: [['collected', ['collector', 'commune_officer']]],
  collected: [
    ['accepted', ['commune_officer']],
    ['returned', ['commune_officer']],
  ],
  handed_over: [
    ['entered', ['commune_police']],
    ['returned', ['commune_police']],
  ],
  entered: [['archived', ['commune_police', 'commune_officer']]],
};
const MOVE_LABEL: Record<string, MessageKey> = {
  collected: 'collected',
  accepted: 'accept',
  returned: 'reject',
  entered: 'entered',
  archived: 'archive',
};
function movesOf(state: string, role: string): string[] {
  return (MOVES[state] ?? []).filter(([, who]) => who.includes(role)).map(([to]) => to);
}

function FormsPanel({ path, campaign }: { path: string; campaign: string }) {
  const t = useT();
  const forms = usePaged<Form & { unit: string }>(path + (path.includes('?') ? '&' : '?') + 'limit=500');
  const { user } = useSession();
  const [returning, setReturning] = useState<Form>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [police, setPolice] = useState('');
  const [made, setMade] = useState<Handover>();
  const accepted = (forms.items ?? []).filter((f) => f.state === 'accepted');
  const handOver = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const picked = accepted.filter((f) => chosen.has(f.id));
    try {
      setMade(
        await api.post<Handover>(`/campaigns/${campaign}/handovers`, {
          unit: picked[0].unit,
          to: police.trim(),
          forms: picked.map((f) => f.id),
        }),
      );
      setChosen(new Set());
      forms.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const move = async (f: Form, to: string, why?: string) => {
    setError(undefined);
    try {
      await api.post(`/forms/${f.id}/transitions`, why === undefined ? { to } : { to, reason: why });
      forms.reload();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <Stack>
      <Modal opened={!!returning} onClose={() => setReturning(undefined)} title={t('returnReason')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (returning && reason.trim()) move(returning, 'returned', reason.trim());
            setReturning(undefined);
            setReason('');
          }}
        >
          <Textarea
            name="reason"
            label={returning?.full_name}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            required
            autoFocus
          />
          <Button type="submit" mt="sm" disabled={!reason.trim()}>
            {t('confirm')}
          </Button>
        </form>
      </Modal>
      {error && <ErrorNote error={error} />}
      {made && (
        <Alert color="green">
          {t('handovers')} #{made.id}: {made.count} {t('forms').toLowerCase()} → {made.to} · {t('checkCode')} <code>{made.check_code}</code>{' '}
          <a href={`/api/handovers/${made.id}?format=pdf`} download>
            PDF
          </a>
        </Alert>
      )}
      {accepted.length > 0 && (
        <form onSubmit={handOver}>
          <Group align="flex-end">
            <TextInput
              label={t.pick('Tên đăng nhập của công an xã nhận phiếu', 'Username of the commune police receiving the forms')}
              value={police}
              onChange={(e) => setPolice(e.currentTarget.value)}
              required
            />
            <Button type="submit" disabled={chosen.size === 0 || !police.trim()}>
              {t.pick('Bàn giao', 'Hand over')} ({chosen.size})
            </Button>
            <Button variant="subtle" onClick={() => setChosen(new Set(accepted.map((f) => f.id)))}>
              {t.pick('Chọn mọi phiếu đã duyệt', 'Choose every accepted form')}
            </Button>
          </Group>
        </form>
      )}
      <AsyncPaged state={forms}>
        {(items) =>
          items.length === 0 ? (
            <Alert color="gray">{t('none')}</Alert>
          ) : (
            <DataTable
              minWidth={640}
              rows={items}
              rowKey={(f) => f.id}
              columns={[
                {
                  label: '#',
                  cell: (f) => (
                    <>
                      {f.state === 'accepted' ? (
                        <Checkbox
                          aria-label={String(f.id)}
                          label={f.id}
                          checked={chosen.has(f.id)}
                          onChange={(e) => {
                            const next = new Set(chosen);
                            if (e.currentTarget.checked) next.add(f.id);
                            else next.delete(f.id);
                            setChosen(next);
                          }}
                        />
                      ) : (
                        f.id
                      )}
                    </>
                  ),
                },
                {
                  label: t('name'),
                  cell: (f) => (
                    <>
                      <a {...linkProps('/workers/' + f.cccd)}>{f.full_name}</a>
                    </>
                  ),
                },
                { label: t('collector'), cell: (f) => f.collector },
                {
                  label: t('state'),
                  cell: (f) => (
                    <>
                      {t.pick(f.state_label_vi, f.state_label_en)}{' '}
                      <Text span size="xs" c="dimmed">
                        {formatTime(f.state_at, t.lang)}
                      </Text>
                    </>
                  ),
                },
                {
                  label: '',
                  cell: (f) => (
                    <Group gap={4} wrap="nowrap">
                      {movesOf(f.state, user!.role).map((to) => (
                        <Button
                          key={to}
                          size="compact-xs"
                          variant={to === 'returned' ? 'subtle' : 'light'}
                          color={to === 'returned' ? 'red' : undefined}
                          onClick={() => (to === 'returned' ? setReturning(f) : move(f, to))}
                        >
                          {t(MOVE_LABEL[to])}
                        </Button>
                      ))}
                    </Group>
                  ),
                },
              ]}
            />
          )
        }
      </AsyncPaged>
    </Stack>
  );
}

function HandoversPanel({ path }: { path: string }) {
  const t = useT();
  const list = useApi<{ items: Handover[] }>(path);
  return (
    <Async state={list}>
      {(l) =>
        l.items.length === 0 ? (
          <Alert color="gray">{t('noHandovers')}</Alert>
        ) : (
          <DataTable
            minWidth={560}
            rows={l.items}
            rowKey={(h) => h.id}
            columns={[
              { label: '#', cell: (h) => h.id },
              { label: t('at'), cell: (h) => formatTime(h.at, t.lang) },
              { label: t('from'), cell: (h) => h.from },
              { label: t('to'), cell: (h) => h.to },
              { label: t('count'), num: true, cell: (h) => h.count },
              {
                label: t('checkCode'),
                cell: (h) => (
                  <>
                    <code>{h.check_code}</code>
                  </>
                ),
              },
              {
                label: '',
                cell: (h) => (
                  <>
                    <a href={`/api/handovers/${h.id}?format=pdf`} download>
                      PDF
                    </a>
                  </>
                ),
              },
            ]}
          />
        )
      }
    </Async>
  );
}

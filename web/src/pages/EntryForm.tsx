// The Mẫu 03 worker sheet as on paper: items 1–13 in order, Tab/Enter moving box to box,
// the parts of item 12 or 13 appearing with the status of item 11, and the server's rules
// checked as the officer types. Saving sends the sheet; the server decides again.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api, ApiError, type CatalogEntry, type Unit, type Violation, type WorkerJson } from '../api';
import { ErrorNote, loadCatalog, loadCodes } from '../data';
import { localToday, useT } from '../i18n';
import { linkProps, navigate } from '../router';
import { useSession } from '../session';
import { CatalogField, CodeField, DateField, GroupsField, TextField, YesNoField, type FieldProps } from '../components/Fields';
import { buildRuleRef, type RuleInputs } from '../formRules';
import { validateCells } from '../rules/validate';
import { VSIC_2025_START } from '../rules/ref';
import type { CodeOption } from '../api';
import { SHEET_ITEM } from '../sheet';

type Cells = Record<string, string>;

// The tree a record's unit codes are read in: its collection date's.
function treeOf(collectedOn: string): '2025' | 'pre2025' {
  return /^\d{4}/.test(collectedOn) && collectedOn.slice(0, 10) < '2025-07-01' ? 'pre2025' : '2025';
}

const EMPLOYED_ONLY = [
  'employment_status',
  'job_title',
  'occupation',
  'industry',
  'si_type',
  'has_contract',
  'contract_type',
  'contract_start',
  'workplace_name',
  'workplace_type',
  'workplace_unit',
  'workplace_address',
];
const UNEMPLOYED_ONLY = ['never_worked', 'unemployment_duration'];
const CONTRACT = ['has_contract', 'contract_type', 'contract_start'];

// What is kept after a save for the next sheet of the same household.
const KEPT = ['permanent_unit', 'permanent_address', 'current_unit', 'current_address', 'household_id', 'collected_on', 'ethnicity'];

function cellsOf(w: WorkerJson): Cells {
  const c: Cells = {};
  for (const [k, v] of Object.entries(w)) if (k !== 'version' && typeof v === 'string') c[k] = v;
  return c;
}

// The sheet as sent: parts that do not apply to the status are left out, so that an answer
// typed before the status changed cannot break the rules unseen.
function sheetToSend(cells: Cells): Cells {
  const out: Cells = {};
  const status = cells.lf_status;
  for (const [k, v] of Object.entries(cells)) {
    if (!v) continue;
    if (status !== 'employed' && EMPLOYED_ONLY.includes(k)) continue;
    if (status !== 'unemployed' && UNEMPLOYED_ONLY.includes(k)) continue;
    if (status !== 'outside' && k === 'nilf_reason') continue;
    if (status === 'employed' && cells.employment_status && cells.employment_status !== 'employee' && CONTRACT.includes(k)) continue;
    out[k] = v.trim();
  }
  return out;
}

export function EntryForm({ editId }: { editId?: string }) {
  const t = useT();
  const { user } = useSession();
  const [cells, setCells] = useState<Cells>({ collected_on: localToday() });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Violation[]>([]);
  const [failure, setFailure] = useState<ApiError>();
  const [saved, setSaved] = useState<{ id: string; name: string; outcome: string }>();
  const [saving, setSaving] = useState(false);
  const [inputs, setInputs] = useState<RuleInputs>({});
  const [loadError, setLoadError] = useState<ApiError>();
  const [oldTree, setOldTree] = useState(false);
  const sheet = useRef<HTMLFormElement>(null);
  const tree = treeOf(cells.collected_on ?? '');

  // Code lists and catalogues: the form works as soon as the code lists are in.
  useEffect(() => {
    loadCodes().then((codes) => setInputs((i) => ({ ...i, codes })), setLoadError);
    api.get<{ units: Unit[] }>('/units?tree=pre2025').then(
      (r) => setInputs((i) => ({ ...i, provincesPre2025: r.units })),
      () => undefined,
    );
    for (const name of ['ethnicity', 'occupation'] as const)
      loadCatalog(name).then(
        (entries) => setInputs((i) => ({ ...i, [name]: entries })),
        () => undefined,
      );
  }, []);
  // The industry codes of the VSIC edition in force on the sheet's date (VSIC 2025 from
  // 15 November 2025): one representative day per edition, fetched when the edition changes.
  const asOfDay = /^\d{4}-\d{2}-\d{2}$/.test(cells.collected_on ?? '') ? cells.collected_on! : localToday();
  const vsicDay = asOfDay < VSIC_2025_START ? '2025-01-01' : localToday();
  useEffect(() => {
    api.get<{ entries: CatalogEntry[] }>('/codes/industry?as_of=' + vsicDay).then(
      (r) => setInputs((i) => ({ ...i, industry: r.entries, industryAsOf: vsicDay })),
      () => undefined,
    );
  }, [vsicDay]);
  // The communes of the user's jurisdiction in the tree the sheet is read in.
  const [communes, setCommunes] = useState<Unit[]>();
  useEffect(() => {
    setCommunes(undefined);
    api.get<{ units: Unit[]; national: boolean }>(`/units?within=me&tree=${tree}`).then(
      (r) => setCommunes(r.units),
      () => setCommunes([]),
    );
  }, [tree]);
  // A commune officer's sheets are mostly of their own commune: it is offered as the default.
  useEffect(() => {
    if ((!editId || oldTree) && communes && communes.length === 1 && !cells.permanent_unit)
      setCells((c) => ({ ...c, permanent_unit: communes[0].code }));
  }, [communes]);
  useEffect(() => {
    if (!editId) return;
    api.get<WorkerJson>('/workers/' + editId).then((w) => {
      const next: Cells = { ...cellsOf(w), collected_on: localToday() };
      // A record of the old tree updated today is read in the 2025 tree: its unit codes must be
      // chosen again (the officer's own commune is offered), and the form says why.
      if (w.version?.residence_unit.startsWith('pre2025:') && treeOf(next.collected_on) === '2025') {
        for (const k of ['permanent_unit', 'current_unit', 'workplace_unit']) delete next[k];
        setOldTree(true);
      }
      setCells(next);
    }, setLoadError);
  }, [editId]);

  const ref = useMemo(() => buildRuleRef(inputs), [inputs]);
  const toSend = useMemo(() => sheetToSend(cells), [cells]);
  const problems = useMemo(() => validateCells(toSend, ref, localToday()), [toSend, ref]);

  const set = (name: string) => (value: string) => {
    setCells((c) => ({ ...c, [name]: value }));
    setServerProblems((s) => s.filter((p) => p.field !== name));
    setSaved(undefined);
  };
  // A box's message shows once it was left (or the sheet was sent); the CCCD, sex and birth
  // year are checked against each other as soon as all three are there.
  const errorOf = (name: string): string | undefined => {
    const server = serverProblems.filter((p) => p.field === name).map((p) => t.pick(p.message_vi, p.message_en));
    const shown =
      submitted || touched.has(name) || (name === 'cccd' && !!cells.cccd && cells.cccd.length >= 12 && !!cells.sex && !!cells.birth_date);
    const local = shown ? problems.filter((p) => p.field === name).map((p) => t.pick(p.vi, p.en)) : [];
    const all = [...new Set([...local, ...server])];
    return all.length ? all.join(' · ') : undefined;
  };
  const field = (name: string, required = false): FieldProps => ({
    name,
    item: SHEET_ITEM.get(name)!.item,
    label: t.pick(SHEET_ITEM.get(name)!.vi, SHEET_ITEM.get(name)!.en),
    value: cells[name] ?? '',
    error: errorOf(name),
    required,
    onChange: set(name),
    onBlur: () => setTouched((s) => (s.has(name) ? s : new Set(s).add(name))),
  });
  const opts = (list: string): CodeOption[] | undefined => inputs.codes?.get(list);

  // Enter moves to the next box in paper order, as Tab does; Ctrl+Enter saves.
  const onKeyDown = (e: React.KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter') return;
    const target = e.target as HTMLElement;
    if (target.tagName === 'BUTTON' || target.tagName === 'TEXTAREA') return;
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      sheet.current?.requestSubmit();
      return;
    }
    const boxes = Array.from(sheet.current?.querySelectorAll<HTMLElement>('input, select, textarea, button[type=submit]') ?? []).filter(
      (el) => !(el as HTMLInputElement).disabled && el.offsetParent !== null && el.tabIndex >= 0,
    );
    const at = boxes.indexOf(target);
    if (at >= 0 && at + 1 < boxes.length) boxes[at + 1].focus();
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    if (problems.length > 0) {
      setServerProblems([]);
      focusFirstError(sheet.current);
      return;
    }
    setSaving(true);
    try {
      const body = toSend;
      const r = editId
        ? await api.put<{ outcome: string; worker: WorkerJson }>('/workers/' + editId, body)
        : await api.post<{ outcome: string; worker: WorkerJson }>('/workers', body);
      const id = (r.worker.cccd as string) || (r.worker.cmnd as string) || editId || '';
      setSaved({ id, name: String(r.worker.full_name ?? ''), outcome: r.outcome });
      setServerProblems([]);
      if (editId) {
        navigate('/workers/' + id);
        return;
      }
      const next: Cells = {};
      for (const k of KEPT) if (cells[k]) next[k] = cells[k];
      setCells(next);
      setTouched(new Set());
      setSubmitted(false);
      sheet.current?.querySelector<HTMLElement>('[name=full_name]')?.focus();
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'client', String(err), String(err));
      setServerProblems(error.violations);
      setFailure(error);
      setTimeout(() => focusFirstError(sheet.current), 0);
    } finally {
      setSaving(false);
    }
  };

  if (loadError) return <ErrorNote error={loadError} onRetry={() => location.reload()} />;
  const status = cells.lf_status;
  const employee = cells.employment_status === 'employee';
  const canWrite = ['collector', 'commune_officer', 'commune_police'].includes(user!.role);
  return (
    <form ref={sheet} onSubmit={save} onKeyDown={onKeyDown} noValidate className="form-sheet" aria-label={t('formTitle')}>
      <Stack>
        <div>
          <Title order={3}>{t('formTitle')}</Title>
          <Text size="sm" c="dimmed">
            {t('formSubtitle')} · {t('formKeys')}
          </Text>
        </div>
        {!canWrite && <Alert color="orange">{t('forbidden')}</Alert>}
        {oldTree && <Alert color="blue">{t('oldTreeUnits')}</Alert>}
        {saved && (
          <Alert color="green" role="status" data-testid="saved">
            {saved.outcome === 'unchanged'
              ? t('unchanged')
              : `${t(saved.outcome === 'created' ? 'saved' : 'savedNew')} ${saved.name} (${saved.id}).`}{' '}
            <a {...linkProps('/workers/' + saved.id)}>{t('openRecord')}</a>
          </Alert>
        )}
        {failure &&
          (failure.status !== 409 ? (
            <ErrorNote error={failure} />
          ) : editId ? (
            <Alert color="orange">{t('closedCannotEdit')}</Alert>
          ) : (
            <Alert color="orange">
              {t('exists')} <a {...linkProps('/workers/' + (cells.cccd || cells.cmnd))}>{t('openRecord')}</a>
            </Alert>
          ))}

        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('sectionIdentity')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextField {...field('full_name', true)} autoFocus />
            <DateField {...field('birth_date', true)} />
            <CodeField {...field('sex', true)} options={opts('sex')} />
            <TextField {...field('cccd', true)} inputMode="numeric" maxLength={12} placeholder="001085012345" />
            <TextField {...field('cmnd')} inputMode="numeric" maxLength={9} />
            <TextField {...field('bhxh')} inputMode="numeric" maxLength={10} />
            <CatalogField {...field('permanent_unit', true)} entries={communes} />
            <TextField {...field('permanent_address')} />
            <CatalogField {...field('current_unit')} entries={communes} placeholder={t('sameAsPermanent')} />
            <TextField {...field('current_address')} />
          </SimpleGrid>
          <Stack mt="sm">
            <GroupsField {...field('priority_groups')} options={opts('priority_group')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <CatalogField {...field('ethnicity')} entries={inputs.ethnicity} placeholder="01" />
            </SimpleGrid>
          </Stack>
        </Card>

        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('sectionEducation')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <CodeField {...field('general_education')} options={opts('general_education')} />
            <CodeField {...field('qualification')} options={opts('qualification')} />
            {cells.qualification && !['none', 'worker_no_degree', 'short_course'].includes(cells.qualification) && (
              <TextField {...field('training_field', true)} />
            )}
          </SimpleGrid>
        </Card>

        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('sectionStatus')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <CodeField {...field('lf_status', true)} options={opts('lf_status')} />
            {status === 'outside' && <CodeField {...field('nilf_reason', true)} options={opts('nilf_reason')} />}
          </SimpleGrid>
          {status === 'employed' && (
            <Stack mt="md" data-testid="part-employed">
              <Text fw={600}>{t('sectionEmployed')}</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <CodeField {...field('employment_status', true)} options={opts('employment_status')} />
                <TextField {...field('job_title', true)} />
                <CatalogField {...field('occupation')} entries={inputs.occupation} minLevel={3} />
                <CatalogField {...field('industry')} entries={inputs.industry} />
                <CodeField {...field('si_type', true)} options={opts('si_type')} />
                {employee && (
                  <>
                    <YesNoField {...field('has_contract')} />
                    <CodeField {...field('contract_type', true)} options={opts('contract_type')} />
                    <DateField {...field('contract_start')} />
                  </>
                )}
                <TextField {...field('workplace_name')} />
                <CodeField {...field('workplace_type', true)} options={opts('workplace_type')} />
                <TextField {...field('workplace_unit')} inputMode="numeric" />
                <TextField {...field('workplace_address')} />
              </SimpleGrid>
            </Stack>
          )}
          {status === 'unemployed' && (
            <Stack mt="md" data-testid="part-unemployed">
              <Text fw={600}>{t('sectionUnemployed')}</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <YesNoField {...field('never_worked')} />
                <CodeField {...field('unemployment_duration', true)} options={opts('unemployment_duration')} />
              </SimpleGrid>
            </Stack>
          )}
        </Card>

        <Card withBorder>
          <Text fw={700} mb="sm">
            {t('sectionCollection')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField {...field('collected_on')} />
            <CodeField {...field('source')} options={opts('source')} />
            <TextField {...field('household_id')} />
            <TextField {...field('relation_to_head')} />
          </SimpleGrid>
        </Card>

        {submitted && problems.length > 0 && (
          <Alert color="red" role="alert" data-testid="form-errors">
            {t('fixErrors')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={saving} disabled={!canWrite}>
            {t('save')}
          </Button>
          {editId && (
            <Button variant="default" component="a" {...linkProps('/workers/' + editId)}>
              {t('cancel')}
            </Button>
          )}
          <Text size="xs" c="dimmed">
            Ctrl+Enter
          </Text>
        </Group>
      </Stack>
    </form>
  );
}

function focusFirstError(form: HTMLFormElement | null) {
  const bad = form?.querySelector<HTMLElement>('[aria-invalid=true], [data-error]');
  bad?.focus();
  bad?.scrollIntoView({ block: 'center' });
}

// The input boxes of the Mẫu 03 form. Each shows its item number as on paper, accepts what an
// officer types from the paper (option codes, dd/mm/yyyy dates, unit and catalogue codes) and
// shows the rule it breaks.
import { useEffect, useId, useState } from 'react';
import { Checkbox, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import type { CatalogEntry, CodeOption, Unit } from '../api';
import { formatDate, useT } from '../i18n';

export interface FieldProps {
  name: string;
  item: string;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  required?: boolean;
}

function Label({ item, label }: { item: string; label: string }) {
  return (
    <>
      {item && <span className="form-item">{item}.</span>} {label}
    </>
  );
}

// What every box of the sheet has: its column name (the e2e test and Enter-to-next find it
// by it), the paper's item number and label, its message, and the touched mark on leaving.
function box(p: FieldProps) {
  return {
    name: p.name,
    'data-field': p.name,
    label: <Label item={p.item} label={p.label} />,
    error: p.error,
    required: p.required,
    onBlur: p.onBlur,
  };
}

export function TextField(
  p: FieldProps & { placeholder?: string; inputMode?: 'numeric' | 'text'; maxLength?: number; autoFocus?: boolean },
) {
  return (
    <TextInput
      {...box(p)}
      value={p.value}
      placeholder={p.placeholder}
      inputMode={p.inputMode}
      maxLength={p.maxLength}
      autoFocus={p.autoFocus}
      autoComplete="off"
      onChange={(e) => p.onChange(e.currentTarget.value)}
    />
  );
}

// An option list typed by its paper code: the options read "1 – Nam", so typing "1" on the
// focused box selects it (the browser's own type-ahead), and phones get their native picker.
export function CodeField(p: FieldProps & { options: CodeOption[] | undefined }) {
  const t = useT();
  const data = [
    { value: '', label: '—' },
    ...(p.options ?? []).map((o) => ({ value: o.code, label: `${o.form_code} – ${t.pick(o.label_vi, o.label_en)}` })),
  ];
  return <NativeSelect {...box(p)} value={p.value} data={data} onChange={(e) => p.onChange(e.currentTarget.value)} />;
}

export function YesNoField(p: FieldProps) {
  const t = useT();
  return (
    <NativeSelect
      {...box(p)}
      value={p.value}
      data={[
        { value: '', label: '—' },
        { value: 'true', label: '1 – ' + t('yes') },
        { value: 'false', label: '2 – ' + t('no') },
      ]}
      onChange={(e) => p.onChange(e.currentTarget.value)}
    />
  );
}

// dd/mm/yyyy, mm/yyyy, yyyy, ddmmyyyy or ISO → ISO; anything else is passed on as typed so the
// rules can say what is wrong with it.
export function parseDateTyped(text: string): string {
  const s = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  if ((m = /^(\d{1,2})[/.-](\d{4})$/.exec(s))) return `${m[2]}-${m[1].padStart(2, '0')}`;
  if ((m = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) return `${m[3]}-${m[2]}-${m[1]}`;
  return s;
}

export function DateField(p: FieldProps) {
  const t = useT();
  const [typed, setTyped] = useState(() => formatDate(p.value, 'vi'));
  // A value set from outside (a loaded record, a reset) replaces what is shown.
  useEffect(() => {
    if (parseDateTyped(typed) !== p.value) setTyped(p.value ? formatDate(p.value, 'vi') : '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.value]);
  return (
    <TextInput
      {...box(p)}
      value={typed}
      placeholder={t.lang === 'vi' ? 'ngày/tháng/năm hoặc năm' : 'dd/mm/yyyy or yyyy'}
      inputMode="numeric"
      autoComplete="off"
      onChange={(e) => {
        setTyped(e.currentTarget.value);
        p.onChange(parseDateTyped(e.currentTarget.value));
      }}
    />
  );
}

// A code from a catalogue (communes, occupations, ethnic groups, industries): typed as a code,
// with suggestions by code or name, and the chosen entry's name shown under the box.
export function CatalogField(p: FieldProps & { entries: (CatalogEntry | Unit)[] | undefined; placeholder?: string; minLevel?: number }) {
  const listId = useId();
  const t = useT();
  const shown = (p.entries ?? []).filter((e) => !p.minLevel || e.level >= p.minLevel);
  const match = shown.find((e) => e.code === p.value);
  return (
    <div>
      <TextInput
        {...box(p)}
        value={p.value}
        placeholder={p.placeholder ?? t('typeToFind')}
        autoComplete="off"
        list={listId}
        onChange={(e) => {
          // A suggestion picked by name arrives as "CODE – name": keep the code.
          const v = e.currentTarget.value;
          const dash = v.indexOf(' – ');
          p.onChange(dash > 0 ? v.slice(0, dash) : v);
        }}
      />
      <datalist id={listId}>
        {shown.slice(0, 3000).map((e) => (
          <option key={e.code} value={e.code}>
            {e.name}
          </option>
        ))}
      </datalist>
      {match && (
        <Text size="xs" c="dimmed" mt={2} data-testid={'name-' + p.name}>
          {match.name}
        </Text>
      )}
    </div>
  );
}

export function GroupsField(p: FieldProps & { options: CodeOption[] | undefined }) {
  const t = useT();
  const chosen = new Set(p.value ? p.value.split(';').filter(Boolean) : []);
  const toggle = (code: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(code);
    else next.delete(code);
    p.onChange(
      (p.options ?? [])
        .filter((o) => next.has(o.code))
        .map((o) => o.code)
        .join(';'),
    );
  };
  return (
    <fieldset
      data-field={p.name}
      aria-describedby={p.error ? p.name + '-error' : undefined}
      style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}
    >
      <Text component="legend" size="sm" fw={500} mb={4} p={0}>
        <Label item={p.item} label={p.label} />
      </Text>
      <Group gap="md">
        {(p.options ?? []).map((o) => (
          <Checkbox
            key={o.code}
            name={p.name + '.' + o.code}
            label={`${o.form_code}. ${t.pick(o.label_vi, o.label_en)}`}
            checked={chosen.has(o.code)}
            onChange={(e) => toggle(o.code, e.currentTarget.checked)}
          />
        ))}
      </Group>
      {p.error && (
        <Text c="red" size="xs" id={p.name + '-error'}>
          {p.error}
        </Text>
      )}
    </fieldset>
  );
}

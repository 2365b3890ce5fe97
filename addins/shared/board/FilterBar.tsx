import { Button, Dropdown, Input, makeStyles, Option, SearchBox, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { can, useMe, useNames } from '../data/api';
import type { BoardFilters } from '../data/board';
import { ANY_OWNER } from '../data/urlState';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  narrow: { width: '150px', minWidth: '150px' },
  date: { width: '150px' },
});

type PickerProps = {
  label: string;
  value: string | undefined;
  names: Map<string, string> | undefined;
  onChange(v: string | undefined): void;
  /** The value of the "Any ..." option (the owner picker's is `all`: a rep's board otherwise shows their own). */
  anyValue?: string;
  /** Options listed first, before the names in alphabetical order ("My deals"). */
  first?: [string, string][];
};

function Picker({ label, value, names, onChange, anyValue = '', first = [] }: PickerProps) {
  const styles = useStyles();
  const firstIds = new Set(first.map(([id]) => id));
  const entries = [
    ...first,
    ...[...(names ?? new Map<string, string>()).entries()]
      .filter(([id]) => !firstIds.has(id))
      .sort((a, b) => a[1].localeCompare(b[1])),
  ];
  const any = `Any ${label.toLowerCase()}`;
  const shown = value ?? anyValue;
  return (
    <Dropdown
      className={styles.narrow}
      aria-label={label}
      placeholder={any}
      value={shown === anyValue ? (anyValue ? any : '') : (entries.find(([id]) => id === shown)?.[1] ?? '')}
      selectedOptions={[shown]}
      onOptionSelect={(_, d) => onChange(d.optionValue || undefined)}
    >
      <Option value={anyValue}>{any}</Option>
      {entries.map(([id, name]) => (
        <Option key={id} value={id}>
          {name}
        </Option>
      ))}
    </Dropdown>
  );
}

type FilterBarProps = {
  filters: BoardFilters;
  /** The owner the board shows when the address names none (a rep: themselves), not counted as a filter. */
  defaultOwner?: string;
  onChange(patch: Partial<BoardFilters>): void;
};

/** Owner ("My deals" first), client, project, tags, close-date range and name search; every change lands in the URL. */
export function FilterBar({ filters, defaultOwner, onChange }: FilterBarProps) {
  const styles = useStyles();
  const me = useMe();
  const internal = me.data?.clientIds === null;
  const users = useNames('user', can(me.data, 'directory.read'));
  const clients = useNames('client', can(me.data, 'client.read'));
  const projects = useNames('project', can(me.data, 'client.read'));
  const [q, setQ] = useState(filters.q ?? '');
  const [tags, setTags] = useState(filters.tags?.join(', ') ?? '');
  // Search as you type, without a request per key press.
  useEffect(() => {
    const t = setTimeout(() => (q.trim() || undefined) !== filters.q && onChange({ q: q.trim() || undefined }), 250);
    return () => clearTimeout(t);
  }, [q, filters.q, onChange]);
  const myId = me.data?.user?.id;
  // The role's default owner (a rep: their own deals) is no filter; everyone's deals on a rep's board is one.
  const any =
    filters.ownerId !== defaultOwner || Object.entries(filters).some(([k, v]) => k !== 'ownerId' && v !== undefined);
  return (
    <div className={styles.bar} role="search" aria-label="Filter the board">
      <SearchBox
        aria-label="Search by name"
        placeholder="Search by name"
        value={q}
        onChange={(_, d) => setQ(d.value)}
      />
      {users.data && (
        <Picker
          label="Owner"
          value={filters.ownerId}
          names={users.data}
          anyValue={ANY_OWNER}
          first={myId ? [[myId, 'My deals']] : []}
          onChange={(ownerId) => onChange({ ownerId })}
        />
      )}
      {internal && clients.data && (
        <Picker
          label="Client"
          value={filters.clientId}
          names={clients.data}
          onChange={(clientId) => onChange({ clientId })}
        />
      )}
      {projects.data && (
        <Picker
          label="Project"
          value={filters.projectId}
          names={projects.data}
          onChange={(projectId) => onChange({ projectId })}
        />
      )}
      <Input
        className={styles.narrow}
        aria-label="Tags (comma separated)"
        placeholder="Tags"
        value={tags}
        onChange={(_, d) => setTags(d.value)}
        onBlur={() =>
          onChange({
            tags: tags
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
          })
        }
      />
      <Input
        className={styles.date}
        type="date"
        aria-label="Close date from"
        value={filters.closeDateFrom ?? ''}
        onChange={(_, d) => onChange({ closeDateFrom: d.value || undefined })}
      />
      <Input
        className={styles.date}
        type="date"
        aria-label="Close date to"
        value={filters.closeDateTo ?? ''}
        onChange={(_, d) => onChange({ closeDateTo: d.value || undefined })}
      />
      {any && (
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          onClick={() => {
            setQ('');
            setTags('');
            onChange({
              ownerId: undefined,
              clientId: undefined,
              projectId: undefined,
              tags: undefined,
              closeDateFrom: undefined,
              closeDateTo: undefined,
              q: undefined,
            });
          }}
        >
          Clear filters
        </Button>
      )}
    </div>
  );
}

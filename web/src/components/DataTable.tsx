// A table of rows as every list screen shows it: headed columns, numbers right-aligned, and
// sideways scrolling on a phone instead of squeezed columns.
import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

export interface Column<T> {
  label: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  num?: boolean; // right-aligned, tabular figures
  width?: number;
}

export function DataTable<T>({
  rows,
  columns,
  rowKey,
  minWidth = 560,
  testId,
  bold,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T, index: number) => string | number;
  minWidth?: number;
  testId?: string;
  bold?: (row: T, index: number) => boolean; // e.g. a totals line
}) {
  return (
    <div className="table-scroll">
      <Table striped highlightOnHover withTableBorder miw={minWidth} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => (
              <Table.Th key={i} className={c.num ? 'num' : undefined} w={c.width}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, r) => (
            <Table.Tr key={rowKey(row, r)} fw={bold?.(row, r) ? 700 : undefined}>
              {columns.map((c, i) => (
                <Table.Td key={i} className={c.num ? 'num' : undefined}>
                  {c.cell(row, r)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

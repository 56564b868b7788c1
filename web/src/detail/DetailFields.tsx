import type { ReactNode } from 'react';

export interface DetailField {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** A record's facts as a definition list; empty values are left out. */
export function DetailFields({ fields }: { fields: readonly DetailField[] }) {
  return (
    <dl className="detail-fields">
      {fields
        .filter((field) => field.value !== null && field.value !== undefined && field.value !== '')
        .map((field) => (
          <div key={field.label} className="detail-field">
            <dt>{field.label}</dt>
            <dd data-testid={field.testId}>{field.value}</dd>
          </div>
        ))}
    </dl>
  );
}

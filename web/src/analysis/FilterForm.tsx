import { useState, type FormEvent } from 'react';
import { isRegionCode } from '../../../kernel/regions';
import { todayDayKey } from '../format/dates';
import { REGION_CODES_IN_ORDER, regionCodeLabel } from '../labels';
import type { AnalysisFilters } from './analysisFilters';

export interface ChoiceField {
  label: string;
  /** The option meaning "no condition"; absent for a choice that must be made (a view). */
  allLabel?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
}

/** Which fields a chart's form has, and how they are called there. */
export interface FilterFields {
  regionLegend: string;
  dateLegend: string;
  category?: ChoiceField;
  level?: ChoiceField;
  view?: ChoiceField;
}

const valueOrNull = (value: FormDataEntryValue | null) => (typeof value === 'string' && value !== '' ? value : null);

function filtersFromForm(form: HTMLFormElement): AnalysisFilters {
  const data = new FormData(form);
  return {
    regions: REGION_CODES_IN_ORDER.filter((code) => data.getAll('region').filter(isRegionCode).includes(code)),
    from: valueOrNull(data.get('from')),
    to: valueOrNull(data.get('to')),
    category: valueOrNull(data.get('category')),
    level: valueOrNull(data.get('level')),
    view: valueOrNull(data.get('view')),
  };
}

function ChoiceSelect({ id, name, field, value }: { id: string; name: string; field: ChoiceField; value: string | null }) {
  return (
    <div className="filter-group">
      <label htmlFor={`${id}-${name}`}>{field.label}</label>
      <select id={`${id}-${name}`} name={name} defaultValue={value ?? ''} data-testid={`${id}-${name}`}>
        {field.allLabel !== undefined && <option value="">{field.allLabel}</option>}
        {field.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A chart's filters: regions, a range of Beijing days, and the chart's own choices. Uncontrolled: what counts is
 * what the fields hold when 应用 is pressed. Test ids are `<chart id>-region-BJ`, `<chart id>-from`, … `-apply`.
 */
export function FilterForm({ id, fields, applied, onApply }: { id: string; fields: FilterFields; applied: AnalysisFilters; onApply(filters: AnalysisFilters): void }) {
  const [dateError, setDateError] = useState<string | null>(null);
  const today = todayDayKey();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const filters = filtersFromForm(event.currentTarget);
    if (filters.from && filters.to && filters.from > filters.to) return setDateError('起始日期不能晚于截止日期');
    setDateError(null);
    onApply(filters);
  };
  const allRegions = applied.regions.length === 0;
  return (
    <form className="analysis-filters" onSubmit={submit} noValidate aria-label="筛选条件">
      <fieldset className="filter-group">
        <legend>{fields.regionLegend}</legend>
        <div className="checkbox-row">
          {REGION_CODES_IN_ORDER.map((region) => (
            <label key={region} className="checkbox-label">
              <input type="checkbox" name="region" value={region} defaultChecked={allRegions || applied.regions.includes(region)} data-testid={`${id}-region-${region}`} />
              {regionCodeLabel(region)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="filter-group">
        <legend>{fields.dateLegend}（北京时间）</legend>
        <div className="date-row">
          <label htmlFor={`${id}-from`}>起</label>
          <input id={`${id}-from`} type="date" name="from" max={today} defaultValue={applied.from ?? ''} data-testid={`${id}-from`} />
          <label htmlFor={`${id}-to`}>止</label>
          <input id={`${id}-to`} type="date" name="to" max={today} defaultValue={applied.to ?? ''} data-testid={`${id}-to`} />
        </div>
        {dateError && (
          <p className="field-error" role="alert">
            {dateError}
          </p>
        )}
      </fieldset>
      {fields.category && <ChoiceSelect id={id} name="category" field={fields.category} value={applied.category} />}
      {fields.level && <ChoiceSelect id={id} name="level" field={fields.level} value={applied.level} />}
      {fields.view && <ChoiceSelect id={id} name="view" field={fields.view} value={applied.view} />}
      <div className="filter-actions">
        <button type="submit" className="button button-primary" data-testid={`${id}-apply`}>
          应用
        </button>
      </div>
    </form>
  );
}

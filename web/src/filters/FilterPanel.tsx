import { useState, type FormEvent } from 'react';
import type { ProductCategory, RiskLevel } from '../../../clients/generated/graphql';
import { isRegionCode } from '../../../kernel/regions';
import { todayDayKey } from '../format/dates';
import { PRODUCT_CATEGORIES_IN_ORDER, REGION_CODES_IN_ORDER, RISK_LEVELS_IN_ORDER, productCategoryLabel, regionCodeLabel, riskLevelLabel } from '../labels';
import { filtersKey, NO_FILTERS, normaliseRegions, type ListFilters } from './listQuery';

export const FILTERS_PANEL_ID = 'filters-panel';

const dayOrNull = (value: FormDataEntryValue | null) => (typeof value === 'string' && value !== '' ? value : null);

function filtersFromForm(form: HTMLFormElement): ListFilters {
  const data = new FormData(form);
  const category = data.get('category');
  const level = data.get('level');
  return {
    regions: normaliseRegions(data.getAll('region').filter(isRegionCode)),
    category: PRODUCT_CATEGORIES_IN_ORDER.find((value) => value === category) ?? null,
    from: dayOrNull(data.get('from')),
    to: dayOrNull(data.get('to')),
    level: RISK_LEVELS_IN_ORDER.find((value) => value === level) ?? null,
  };
}

/**
 * The filter form. Its fields are uncontrolled: what counts is what they hold when 应用筛选 is pressed,
 * however they were filled in. It starts over from the applied filters whenever those change.
 */
function FilterForm({ applied, onApply }: { applied: ListFilters; onApply(filters: ListFilters): void }) {
  const [dateError, setDateError] = useState<string | null>(null);
  const today = todayDayKey();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const filters = filtersFromForm(event.currentTarget);
    if (filters.from && filters.to && filters.from > filters.to) {
      setDateError('起始日期不能晚于截止日期');
      return;
    }
    setDateError(null);
    onApply(filters);
  };

  const allRegions = applied.regions.length === 0;
  return (
    <form className="filters-form" onSubmit={submit} noValidate>
      <fieldset className="filter-group">
        <legend>地区</legend>
        <div className="checkbox-row">
          {REGION_CODES_IN_ORDER.map((region) => (
            <label key={region} className="checkbox-label">
              <input type="checkbox" name="region" value={region} defaultChecked={allRegions || applied.regions.includes(region)} data-testid={`filter-region-${region}`} />
              {regionCodeLabel(region)}
            </label>
          ))}
        </div>
        <p className="hint">都不选时显示三地全部信息。</p>
      </fieldset>

      <div className="filter-group">
        <label htmlFor="filter-category">产品类别</label>
        <select id="filter-category" name="category" defaultValue={applied.category ?? ''} data-testid="filter-category">
          <option value="">全部类别</option>
          {PRODUCT_CATEGORIES_IN_ORDER.map((category: ProductCategory) => (
            <option key={category} value={category}>
              {productCategoryLabel(category)}
            </option>
          ))}
        </select>
      </div>

      <fieldset className="filter-group">
        <legend>发布日期（北京时间）</legend>
        <div className="date-row">
          <label htmlFor="filter-from">起始日期</label>
          <input id="filter-from" type="date" name="from" max={today} defaultValue={applied.from ?? ''} data-testid="filter-from" aria-describedby={dateError ? 'filter-date-error' : undefined} />
          <label htmlFor="filter-to">截止日期</label>
          <input id="filter-to" type="date" name="to" max={today} defaultValue={applied.to ?? ''} data-testid="filter-to" aria-describedby={dateError ? 'filter-date-error' : undefined} />
        </div>
        {dateError && (
          <p id="filter-date-error" className="field-error" role="alert">
            {dateError}
          </p>
        )}
      </fieldset>

      <div className="filter-group">
        <label htmlFor="filter-level">风险等级（仅用于风险预警）</label>
        <select id="filter-level" name="level" defaultValue={applied.level ?? ''} data-testid="filter-level">
          <option value="">全部等级</option>
          {RISK_LEVELS_IN_ORDER.map((level: RiskLevel) => (
            <option key={level} value={level}>
              {riskLevelLabel(level)}
            </option>
          ))}
        </select>
      </div>

      <div className="filter-actions">
        <button type="submit" className="button button-primary" data-testid="filters-apply">
          应用筛选
        </button>
        <button type="button" className="button button-secondary" onClick={() => onApply(NO_FILTERS)}>
          清除筛选
        </button>
      </div>
    </form>
  );
}

export function FilterPanel({ open, applied, onApply }: { open: boolean; applied: ListFilters; onApply(filters: ListFilters): void }) {
  if (!open) return null;
  return (
    <section id={FILTERS_PANEL_ID} className="filters-panel" data-testid="filters-panel" aria-label="筛选条件">
      <FilterForm key={filtersKey(applied)} applied={applied} onApply={onApply} />
    </section>
  );
}

export function FiltersToggle({ open, activeCount, onToggle }: { open: boolean; activeCount: number; onToggle(): void }) {
  return (
    <button type="button" className="button button-secondary filters-toggle" data-testid="filters-toggle" aria-expanded={open} aria-controls={FILTERS_PANEL_ID} onClick={onToggle}>
      {open ? '收起筛选' : '筛选'}
      {activeCount > 0 && <span className="filter-count">（已选 {activeCount} 项）</span>}
    </button>
  );
}

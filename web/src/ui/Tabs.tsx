import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDefinition<TKey extends string> {
  key: TKey;
  label: ReactNode;
  testId: string;
}

export const tabId = (key: string) => `tab-${key}`;
export const tabPanelId = (key: string) => `tabpanel-${key}`;

/**
 * WAI-ARIA tabs with automatic activation: arrow keys, Home and End move between tabs and select the one
 * they reach; only the selected tab is in the Tab order.
 */
export function Tabs<TKey extends string>({ label, tabs, selected, onSelect }: { label: string; tabs: readonly TabDefinition<TKey>[]; selected: TKey; onSelect(key: TKey): void }) {
  const buttons = useRef(new Map<TKey, HTMLButtonElement>());

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.key === selected);
    const target =
      event.key === 'ArrowRight' ? (index + 1) % tabs.length
      : event.key === 'ArrowLeft' ? (index - 1 + tabs.length) % tabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? tabs.length - 1
      : null;
    if (target === null) return;
    event.preventDefault();
    const next = tabs[target]!;
    onSelect(next.key);
    buttons.current.get(next.key)?.focus();
  };

  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={move}>
      {tabs.map((tab) => (
        <button
          key={tab.key}
          ref={(element) => {
            if (element) buttons.current.set(tab.key, element);
            else buttons.current.delete(tab.key);
          }}
          type="button"
          role="tab"
          id={tabId(tab.key)}
          aria-selected={tab.key === selected}
          aria-controls={tabPanelId(tab.key)}
          tabIndex={tab.key === selected ? 0 : -1}
          data-testid={tab.testId}
          className="tab"
          onClick={() => onSelect(tab.key)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

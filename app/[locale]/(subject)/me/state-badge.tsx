// One class a state (app/globals.css): the badge is on every item of My data, in its HTML and payload.
const styles = {
  active: 'item-state item-state-active',
  blocked: 'item-state item-state-blocked',
  destroyed: 'item-state item-state-destroyed',
} as const;

/** The state of a data item: the colour helps, the word says it. */
export function StateBadge({ state, label }: { state: keyof typeof styles; label: string }) {
  return <span className={styles[state]}>{label}</span>;
}

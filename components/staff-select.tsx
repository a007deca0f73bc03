/** A choice of the staff who work the queue, by name (or address when no name is known). */
export function StaffSelect({
  people,
  defaultValue,
}: {
  people: { id: string; name: string | null; email: string | null }[];
  defaultValue?: string;
}) {
  return (
    <select name="assigneeId" defaultValue={defaultValue} className="field-input">
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name ?? p.email}
        </option>
      ))}
    </select>
  );
}

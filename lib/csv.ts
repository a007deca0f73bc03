/** One CSV cell: quoted when it holds a separator, a quote or a line break. */
export const csvCell = (value: string) => (/[",\n\r;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

import type { UserRole } from '@/db/schema/auth';

/**
 * What staff may do (PRODUCT.md, "Who uses it"). Every page, action and route handler asks
 * `can(role, permission)` through requireStaff(); a role or permission not listed here is refused.
 */
export const permissions = [
  'backoffice.enter', // the back office landing page: request counts, no personal data
  'requests.view', // the queue and request details
  // The queue's CSV with each subject's name: a list of people, not a worklist. Every subject named
  // sees the export in their activity (Art. 8-2); the responsible person only (Art. 25(3)).
  'requests.export_names',
  'requests.work', // take, message, ask for information, execute, refuse
  'requests.assign', // assign requests to others
  'requests.intake', // register a paper or e-mail request on a subject's behalf (Art. 10(2))
  'deadlines.extend', // extend a request's deadline where the policy allows
  'calendar.manage', // holidays, transfers, deadline policies
  'incidents.manage', // security breaches, Art. 25(2)(8)
  'transfers.record', // Art. 19
  'transfers.view', // read the register of transfers
  'incidents.view', // read the breach register and its notices
  'retention.view', // read the destruction lists and their decisions
  'letters.view', // letters to subjects without e-mail: the list and the PDFs
  'letters.post', // mark a letter posted
  'retention.confirm', // confirm destruction lists, Art. 18
  'audit.view', // the audit trail and its integrity check
  'reports.view', // the responsible person's dashboard
  'staff.manage', // staff accounts and roles
  'inventory.manage', // draft changes to categories, purposes, recipients, systems; the operator profile
  'inventory.view', // read the inventory, its draft and every approved version with what changed
  'import.run', // load the operator's subjects and data items from files (Art. 8-2: audited per subject)
  'integrations.manage', // API tokens and webhook endpoints of the operator's systems (issue 13)
  'integrations.view', // the API reference, the tokens' list and the webhook delivery logs, read-only
  'tasks.work', // carry out and close the tasks of systems reached "by a person"
  'notice.publish', // approve the inventory as the next version of the privacy notice, Art. 25(2)(1)
] as const;
export type Permission = (typeof permissions)[number];

const agent: Permission[] = [
  'backoffice.enter',
  'requests.view',
  'requests.work',
  'requests.intake',
  'transfers.record',
  'transfers.view',
  'letters.view',
  'letters.post',
  'tasks.work',
];

const rolePermissions: Record<UserRole, readonly Permission[]> = {
  subject: [],
  agent,
  dpo: [
    ...agent,
    'requests.assign',
    'requests.export_names',
    'deadlines.extend',
    'calendar.manage',
    'incidents.manage',
    'retention.confirm',
    'audit.view',
    'reports.view',
    'notice.publish',
    'inventory.view',
    'integrations.view',
    'incidents.view',
    'retention.view',
  ],
  admin: [
    'backoffice.enter',
    'staff.manage',
    'inventory.manage',
    'inventory.view',
    'import.run',
    'integrations.manage',
    'integrations.view',
  ],
  // Read-only: sees the queue, the audit log and reports, changes nothing.
  auditor: [
    'backoffice.enter',
    'requests.view',
    'audit.view',
    'reports.view',
    'letters.view',
    'inventory.view',
    'integrations.view',
    // Read-only means every register too: transfers, breaches, destruction lists.
    'transfers.view',
    'incidents.view',
    'retention.view',
  ],
};

export function can(role: UserRole | null | undefined, permission: Permission): boolean {
  if (!role || !Object.hasOwn(rolePermissions, role)) return false;
  return rolePermissions[role].includes(permission);
}

export function isStaffRole(role: UserRole | null | undefined): boolean {
  return can(role, 'backoffice.enter');
}

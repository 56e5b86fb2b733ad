import type { FieldAccess, FieldGrant, ObjectAccess, ObjectGrant } from './types.js';

/**
 * Salesforce rejects a permission set whose object permissions lack their dependencies: edit needs read,
 * delete needs edit (and so read), viewAll needs read, modifyAll needs viewAll and delete. Create needs read.
 * We add what is implied and report each addition.
 */
export function closeObjectAccess(object: string, asked: ObjectAccess[]): { grant: ObjectGrant; implied: string[] } {
  const has = new Set<ObjectAccess>(asked);
  const implied: string[] = [];
  const need = (perm: ObjectAccess, because: ObjectAccess): void => {
    if (!has.has(perm)) {
      has.add(perm);
      implied.push(`${object}: ${perm} added because ${because} needs it`);
    }
  };
  // Order matters: modifyAll pulls in delete and viewAll, whose own needs are then closed below.
  if (has.has('modifyAll')) {
    need('viewAll', 'modifyAll');
    need('delete', 'modifyAll');
  }
  if (has.has('delete')) need('edit', 'delete');
  if (has.has('edit')) need('read', 'edit');
  if (has.has('create')) need('read', 'create');
  if (has.has('viewAll')) need('read', 'viewAll');
  return {
    grant: {
      object,
      allowCreate: has.has('create'),
      allowDelete: has.has('delete'),
      allowEdit: has.has('edit'),
      allowRead: has.has('read'),
      modifyAllRecords: has.has('modifyAll'),
      viewAllRecords: has.has('viewAll'),
    },
    implied,
  };
}

/** Field edit needs field read. */
export function closeFieldAccess(field: string, asked: FieldAccess[]): { grant: FieldGrant; implied: string[] } {
  const editable = asked.includes('edit');
  const readable = asked.includes('read') || editable;
  const implied = editable && !asked.includes('read') ? [`${field}: read added because edit needs it`] : [];
  return { grant: { field, editable, readable }, implied };
}

/**
 * Fields whose field-level security cannot be set: the deploy fails with "You cannot deploy to a required
 * field" or the field has no FLS at all (system fields, the Name of every object).
 */
const SYSTEM_FIELDS = new Set([
  'Id',
  'Name',
  'OwnerId',
  'CreatedById',
  'CreatedDate',
  'LastModifiedById',
  'LastModifiedDate',
  'SystemModstamp',
  'IsDeleted',
  'RecordTypeId',
  'CurrencyIsoCode',
  'LastActivityDate',
  'LastViewedDate',
  'LastReferencedDate',
]);

const REQUIRED_STANDARD_FIELDS = new Set([
  'Contact.LastName',
  'Lead.LastName',
  'Lead.Company',
  'Lead.Status',
  'Opportunity.StageName',
  'Opportunity.CloseDate',
  'Task.Status',
  'Task.Priority',
  'Contract.Status',
  'Order.Status',
  'Order.EffectiveDate',
]);

/** Why a field cannot carry field-level security, or undefined when it can. */
export function fieldWithoutFls(objectField: string): string | undefined {
  const field = objectField.slice(objectField.indexOf('.') + 1);
  if (SYSTEM_FIELDS.has(field)) {
    return `${objectField} is a system field without field-level security; object access already covers it`;
  }
  if (REQUIRED_STANDARD_FIELDS.has(objectField)) {
    return `${objectField} is a required field; Salesforce rejects field permissions on required fields (object access already grants it)`;
  }
  return undefined;
}

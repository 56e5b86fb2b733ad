import { MetadataResolver } from '@salesforce/source-deploy-retrieve';

/** What @salesforce/source-deploy-retrieve makes of a file: its metadata type and full name. */
export function resolveComponent(file: string): { type: string; fullName: string } | undefined {
  const [component] = new MetadataResolver().getComponentsFromPath(file);
  return component ? { type: component.type.name, fullName: component.fullName } : undefined;
}

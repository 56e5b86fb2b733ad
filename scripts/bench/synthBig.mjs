// A project of multi-megabyte profiles and permission sets, as large orgs retrieve them (every object and field of
// the org in each): for lint's peak memory, which must not grow with the project.
//   buildBigProject(dir, { megabytes: 1536, fileMegabytes: 3 })
// One permission set in ten grants ModifyAllData and is pre-authorised by a connected app: those are the planted
// admin-profile findings, so the benchmark knows lint read them all.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const BIG_GENERATOR_VERSION = 1;
const FA = 'force-app/main/default';

function permissionsBody(index, bytes) {
  const parts = [];
  let size = 0;
  for (let o = 0; size < bytes; o++) {
    const object = `Object_${o}__c`;
    parts.push(
      `    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>${o % 3 === 0}</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>${object}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n`,
    );
    for (let f = 0; f < 40; f++) {
      parts.push(
        `    <fieldPermissions>\n        <editable>${(f + index) % 4 === 0}</editable>\n        <field>${object}.Field_${f}__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n`,
      );
    }
    size += parts.slice(-41).reduce((n, p) => n + p.length, 0);
  }
  return parts.join('');
}

export async function buildBigProject(dir, { megabytes = 1536, fileMegabytes = 3 } = {}) {
  const fileBytes = fileMegabytes * 1024 * 1024;
  const count = Math.max(2, Math.round(megabytes / fileMegabytes));
  await mkdir(path.join(dir, FA, 'permissionsets'), { recursive: true });
  await mkdir(path.join(dir, FA, 'profiles'), { recursive: true });
  await mkdir(path.join(dir, FA, 'connectedApps'), { recursive: true });
  await writeFile(
    path.join(dir, 'sfdx-project.json'),
    `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }, null, 2)}\n`,
  );
  const body = permissionsBody(0, fileBytes);
  const expected = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const profile = i % 3 === 2;
    const name = profile ? `Custom_Profile_${i}` : `Sync_Access_${i}`;
    const admin = !profile && i % 10 === 0;
    const userPermissions = `    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiEnabled</name>\n    </userPermissions>\n${
      admin
        ? '    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n    </userPermissions>\n'
        : ''
    }`;
    const root = profile ? 'Profile' : 'PermissionSet';
    const head = profile ? '    <custom>true</custom>\n' : `    <label>${name.replace(/_/g, ' ')}</label>\n`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://soap.sforce.com/2006/04/metadata">\n${head}${body}${userPermissions}</${root}>\n`;
    const rel = profile
      ? `${FA}/profiles/${name}.profile-meta.xml`
      : `${FA}/permissionsets/${name}.permissionset-meta.xml`;
    // eslint-disable-next-line no-await-in-loop
    await writeFile(path.join(dir, rel), xml);
    bytes += xml.length;
    if (admin) {
      const app = `Sync_App_${i}`;
      const appXml = `<?xml version="1.0" encoding="UTF-8"?>\n<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n    <contactEmail>sync@acme-corp.com</contactEmail>\n    <label>${app}</label>\n    <oauthConfig>\n        <callbackUrl>https://sync.acme-corp.com/oauth</callbackUrl>\n        <isAdminApproved>true</isAdminApproved>\n        <scopes>Api</scopes>\n    </oauthConfig>\n    <oauthPolicy>\n        <ipRelaxation>ENFORCE</ipRelaxation>\n        <refreshTokenPolicy>zero</refreshTokenPolicy>\n    </oauthPolicy>\n    <permissionSetName>${name}</permissionSetName>\n</ConnectedApp>\n`;
      // eslint-disable-next-line no-await-in-loop
      await writeFile(path.join(dir, FA, 'connectedApps', `${app}.connectedApp-meta.xml`), appXml);
      expected.push({ rule: 'admin-profile', path: rel });
    }
  }
  return { generatorVersion: BIG_GENERATOR_VERSION, files: count, bytes, expected };
}

import { expect } from 'chai';
import {
  findIdentityReferences,
  suggestPermissionName,
  suggestReplacement,
  type IdentityKind,
  type IdentityReference,
} from '../../../src/lint/analysis/formula.js';

/** The only reference in a formula; fails when there are none or several. */
function only(formula: string): IdentityReference {
  const { references } = findIdentityReferences(formula);
  expect(references, formula).to.have.length(1);
  return references[0];
}

function kinds(formula: string): IdentityKind[] {
  return findIdentityReferences(formula).references.map((ref) => ref.kind);
}

/** Every reference's offset/length must point at its token, and every comparison span must contain it. */
function expectConsistent(formula: string): void {
  for (const ref of findIdentityReferences(formula).references) {
    expect(formula.slice(ref.offset, ref.offset + ref.length)).to.equal(ref.token);
    if (ref.comparison) {
      expect(ref.comparison.start).to.be.at.most(ref.offset);
      expect(ref.comparison.end).to.be.at.least(ref.offset + ref.length);
    }
  }
}

describe('formula identity references', () => {
  describe('the examples from the rule documentation', () => {
    it('finds a username exemption and suggests a NOT($Permission) check', () => {
      const formula = "AND(ISCHANGED(Amount), $User.Username <> 'integration@acme.com')";
      const ref = only(formula);
      expect(ref).to.deep.equal({
        kind: 'username',
        token: '$User.Username',
        offset: 23,
        length: 14,
        comparison: { start: 23, end: 63, operator: '<>', excludes: true, literal: 'integration@acme.com' },
        exempts: true,
      });
      const name = suggestPermissionName(ref.comparison?.literal);
      expect(name).to.equal('Integration_Bypass_Validation');
      expect(suggestReplacement(formula, ref, name)).to.equal(
        'AND(ISCHANGED(Amount), NOT($Permission.Integration_Bypass_Validation))',
      );
    });

    it('finds a targeted profile name and suggests a $Permission check', () => {
      const formula = '$Profile.Name = "System Administrator"';
      const ref = only(formula);
      expect(ref.kind).to.equal('profileName');
      expect(ref.comparison).to.deep.equal({
        start: 0,
        end: 38,
        operator: '=',
        excludes: false,
        literal: 'System Administrator',
      });
      const name = suggestPermissionName(ref.comparison?.literal);
      expect(name).to.equal('System_Administrator_Bypass_Validation');
      expect(suggestReplacement(formula, ref, name)).to.equal('$Permission.System_Administrator_Bypass_Validation');
    });

    it('treats a $Permission check as the fix, not a finding', () => {
      expect(findIdentityReferences('NOT($Permission.Bypass_Validation) && ISBLANK(Phone)')).to.deep.equal({
        references: [],
        permissionChecks: ['Bypass_Validation'],
        settingChecks: [],
      });
    });
  });

  describe('merge fields of the running user', () => {
    const cases: Array<[string, IdentityKind]> = [
      ['$User.Username', 'username'],
      ['$User.Id', 'userId'],
      ['$User.Alias', 'alias'],
      ['$User.Email', 'email'],
      ['$User.Name', 'userFullName'],
      ['$User.FirstName', 'userFirstName'],
      ['$User.LastName', 'userLastName'],
      ['$User.CommunityNickname', 'communityNickname'],
      ['$User.FederationIdentifier', 'federationId'],
      ['$User.ProfileId', 'profileId'],
      ['$User.UserRoleId', 'roleId'],
      ['$Profile.Name', 'profileName'],
      ['$Profile.Id', 'profileId'],
      ['$UserRole.Name', 'roleName'],
      ['$UserRole.DeveloperName', 'roleName'],
      ['$UserRole.Id', 'roleId'],
    ];
    for (const [field, kind] of cases) {
      it(`${field} -> ${kind}, compared with a literal`, () => {
        const formula = `AND(ISCHANGED(Status__c), ${field} <> 'someone')`;
        const ref = only(formula);
        expect(ref.kind).to.equal(kind);
        expect(ref.token).to.equal(field);
        expect(ref.offset).to.equal(26);
        expect(ref.comparison?.literal).to.equal('someone');
        expect(ref.comparison?.end).to.equal(formula.length - 1);
      });

      it(`${field} with a suffix is another name and not reported as ${field}`, () => {
        expect(kinds(`${field}X <> 'someone'`)).to.deep.equal([]);
        // A custom field of that name (Username__c) is a custom identity field: see the custom-field cases below.
        expect(kinds(`${field}__c <> 'someone'`)).to.not.include(kind);
      });
    }

    it('is case-insensitive and keeps the token as written', () => {
      const formula = 'ISBLANK(Phone) && $user.username != "int@acme.com"';
      const ref = only(formula);
      expect(ref.kind).to.equal('username');
      expect(ref.token).to.equal('$user.username');
      expect(ref.offset).to.equal(18);
      expect(ref.comparison).to.deep.equal({
        start: 18,
        end: 50,
        operator: '!=',
        excludes: true,
        literal: 'int@acme.com',
      });
      expect(kinds("$USERROLE.DEVELOPERNAME = 'Integration'")).to.deep.equal(['roleName']);
    });

    it('reports $UserRole.Name <> literal as an excluded role', () => {
      const formula = "$UserRole.Name <> 'Integration' && ISBLANK(Reason__c)";
      const ref = only(formula);
      expect(ref.kind).to.equal('roleName');
      expect(ref.comparison?.excludes).to.equal(true);
      expect(suggestReplacement(formula, ref, suggestPermissionName(ref.comparison?.literal))).to.equal(
        'NOT($Permission.Integration_Bypass_Validation) && ISBLANK(Reason__c)',
      );
    });

    it('reports a reference without a literal comparison, with no comparison and no replacement', () => {
      const formula = 'AND(ISCHANGED(OwnerId), Owner.Username <> $User.Username)';
      const ref = only(formula);
      expect(ref.kind).to.equal('username');
      expect(ref.offset).to.equal(42);
      expect(ref.comparison).to.equal(undefined);
      expect(suggestReplacement(formula, ref, 'X')).to.equal(undefined);
    });

    it('does not report record fields: Owner.Username, CreatedBy.Username, $Record.Owner.Username', () => {
      expect(kinds("Owner.Username = 'integration@acme.com'")).to.deep.equal([]);
      expect(kinds("CreatedBy.Username <> 'integration@acme.com' && ISCHANGED(Amount)")).to.deep.equal([]);
      expect(kinds("Owner.Profile.Name = 'System Administrator'")).to.deep.equal([]);
      expect(kinds("{!$Record.Owner.Username} = 'integration@acme.com'")).to.deep.equal([]);
      expect(kinds("$User.Username.Foo = 'x'")).to.deep.equal([]);
      expect(kinds("$User.Profile.Name = 'System Administrator'")).to.deep.equal([]);
    });
  });

  describe('comments and string literals', () => {
    it('ignores a reference in a comment, also one spanning lines', () => {
      expect(findIdentityReferences("/* exempt $User.Username 'integration@acme.com' */ ISBLANK(Phone)")).to.deep.equal(
        {
          references: [],
          permissionChecks: [],
          settingChecks: [],
        },
      );
      expect(kinds("ISBLANK(Phone) /* was:\n $User.Username <> 'a@b.com'\n and $Permission.X */")).to.deep.equal([]);
      expect(findIdentityReferences('/* $Permission.Old */ true').permissionChecks).to.deep.equal([]);
    });

    it('ignores a reference inside a string literal', () => {
      expect(kinds("IF(ISBLANK(Phone), 'Only $User.Username may edit', '')")).to.deep.equal([]);
      expect(kinds('"$Profile.Name = \\"System Administrator\\"" <> Description')).to.deep.equal([]);
      expect(kinds("Note__c = 'it\\'s $User.Username'")).to.deep.equal([]);
    });

    it('ignores a username in error-message-like text and in a comparison with a record field', () => {
      expect(kinds("ISBLANK(Phone) && Description <> 'Ask integration@acme.com to change this'")).to.deep.equal([]);
      expect(kinds("Owner.Username = 'integration@acme.com' && ISCHANGED(OwnerId)")).to.deep.equal([]);
    });

    it('does not read /* inside a string as a comment start', () => {
      const formula = "Website <> 'http://acme.com/*' && $User.Username <> 'a@b.com' /* done */";
      const ref = only(formula);
      expect(ref.offset).to.equal(34);
      expect(ref.comparison?.literal).to.equal('a@b.com');
    });

    it('handles an unterminated comment or string without throwing', () => {
      expect(kinds("$User.Username = 'a@b.com' /* trailing")).to.deep.equal(['username']);
      expect(kinds("ISBLANK(Phone) && 'unterminated $User.Username")).to.deep.equal([]);
      expect(kinds("$Profile.Id = '00e5e000000AbCd")).to.deep.equal(['profileId']);
    });
  });

  describe('comparisons', () => {
    it('accepts the literal on the left and == / !=', () => {
      const formula = "OR('integration@acme.com' == $User.Username, ISNEW())";
      const ref = only(formula);
      expect(ref.comparison).to.deep.equal({
        start: 3,
        end: 43,
        operator: '==',
        excludes: false,
        literal: 'integration@acme.com',
      });
      expect(suggestReplacement(formula, ref, 'Integration_Bypass_Validation')).to.equal(
        'OR($Permission.Integration_Bypass_Validation, ISNEW())',
      );
    });

    it('accepts parentheses around either operand and spans them', () => {
      const formula = "AND(($User.Username) <> ('a@b.com'), ISBLANK(Phone))";
      const ref = only(formula);
      expect(ref.comparison?.start).to.equal(4);
      expect(ref.comparison?.end).to.equal(35);
      expect(suggestReplacement(formula, ref, 'A_Bypass_Validation')).to.equal(
        'AND(NOT($Permission.A_Bypass_Validation), ISBLANK(Phone))',
      );
    });

    it('sees through LOWER/UPPER/TRIM around the identity', () => {
      const formula = "LOWER($User.Username) <> 'integration@acme.com'";
      const ref = only(formula);
      expect(ref.offset).to.equal(6);
      expect(ref.comparison?.start).to.equal(0);
      expect(ref.comparison?.literal).to.equal('integration@acme.com');
    });

    it('finds CONTAINS and BEGINS with the identity first', () => {
      const formula = "AND(ISCHANGED(Amount), NOT(CONTAINS($User.Username, 'integration')))";
      const ref = only(formula);
      expect(ref.comparison).to.deep.equal({
        start: 27,
        end: 66,
        operator: 'CONTAINS',
        excludes: false,
        literal: 'integration',
      });
      expect(suggestReplacement(formula, ref, 'Integration_Bypass_Validation')).to.equal(
        'AND(ISCHANGED(Amount), NOT($Permission.Integration_Bypass_Validation))',
      );
      const begins = only('begins($User.Email, "svc-")');
      expect(begins.comparison?.operator).to.equal('BEGINS');
      expect(begins.comparison?.literal).to.equal('svc-');
    });

    it('finds CONTAINS(list literal, identity)', () => {
      const ref = only("CONTAINS('a@acme.com;b@acme.com', $User.Username)");
      expect(ref.comparison?.operator).to.equal('CONTAINS');
      expect(ref.comparison?.literal).to.equal('a@acme.com;b@acme.com');
      expect(ref.comparison?.start).to.equal(0);
    });

    it('does not treat other functions as comparisons', () => {
      expect(only("ISPICKVAL($User.Username, 'x')").comparison).to.equal(undefined);
      expect(only("BEGINS('svc-', $User.Username)").comparison).to.equal(undefined);
      expect(only('CONTAINS($User.Username, Owner.Username)').comparison).to.equal(undefined);
      expect(only("CONTAINS($User.Username, 'a', 'b')").comparison).to.equal(undefined);
    });

    it('does not report part of a larger operand as a simple comparison', () => {
      const concatenated = "$User.FirstName & ' ' & $User.LastName = 'John Smith'";
      expect(findIdentityReferences(concatenated).references.map((r) => r.comparison)).to.deep.equal([
        undefined,
        undefined,
      ]);
      expect(only("$User.Username = 'a' & Suffix__c").comparison).to.equal(undefined);
      expect(only("LEFT($User.Username, 3) = 'svc'").comparison).to.equal(undefined);
      expect(only("$User.Username < 'm'").comparison).to.equal(undefined);
    });

    it('reports each comparison of a list of exemptions', () => {
      const formula = "AND($User.Username <> 'a@acme.com', $User.Username <> 'b@acme.com', ISCHANGED(Amount))";
      const refs = findIdentityReferences(formula).references;
      expect(refs.map((r) => [r.offset, r.comparison?.literal])).to.deep.equal([
        [4, 'a@acme.com'],
        [36, 'b@acme.com'],
      ]);
      expect(suggestReplacement(formula, refs[1], 'B_Bypass_Validation')).to.equal(
        "AND($User.Username <> 'a@acme.com', NOT($Permission.B_Bypass_Validation), ISCHANGED(Amount))",
      );
    });

    it('handles multi-line CRLF formulas with comments', () => {
      const formula =
        "AND(\r\n  ISCHANGED(StageName),\r\n  /* allow the integration user */\r\n  $User.Username <> 'integration@acme.com'\r\n)";
      const ref = only(formula);
      expect(ref.offset).to.equal(69);
      expect(ref.comparison?.start).to.equal(69);
      expect(ref.comparison?.end).to.equal(109);
      expect(suggestReplacement(formula, ref, 'Integration_Bypass_Validation')).to.equal(
        'AND(\r\n  ISCHANGED(StageName),\r\n  /* allow the integration user */\r\n  NOT($Permission.Integration_Bypass_Validation)\r\n)',
      );
    });

    it('keeps flow merge syntax in the replacement', () => {
      const formula = "{!$User.Username} <> 'integration@acme.com' && {!$Record.Amount} > 0";
      const ref = only(formula);
      expect(ref.offset).to.equal(2);
      expect(ref.comparison?.start).to.equal(0);
      expect(suggestReplacement(formula, ref, 'Integration_Bypass_Validation')).to.equal(
        'NOT({!$Permission.Integration_Bypass_Validation}) && {!$Record.Amount} > 0',
      );
      expect(
        findIdentityReferences('{!$Permission.Skip_Flow} || ISBLANK({!$Record.Phone})').permissionChecks,
      ).to.deep.equal(['Skip_Flow']);
    });

    it('decodes escapes in the compared literal', () => {
      expect(only("$User.LastName = 'O\\'Brien'").comparison?.literal).to.equal("O'Brien");
      expect(only('$User.LastName = "O\'Brien"').comparison?.literal).to.equal("O'Brien");
    });
  });

  describe('hard-coded Ids', () => {
    it('reports a user Id compared with $User.Id once, as userId', () => {
      const formula = "$User.Id <> '0055e000001AbCdAAK'";
      const ref = only(formula);
      expect(ref.kind).to.equal('userId');
      expect(ref.comparison?.literal).to.equal('0055e000001AbCdAAK');
      expect(suggestPermissionName(ref.comparison?.literal)).to.equal('Bypass_Validation');
      expect(suggestReplacement(formula, ref, 'Bypass_Validation')).to.equal('NOT($Permission.Bypass_Validation)');
    });

    it('reports a profile Id compared with a record field, without a replacement', () => {
      const formula = "Owner.ProfileId = '00e5e000000AbCd'";
      const ref = only(formula);
      expect(ref).to.deep.equal({
        kind: 'hardcodedProfileId',
        token: '00e5e000000AbCd',
        offset: 19,
        length: 15,
        comparison: { start: 0, end: 35, operator: '=', excludes: false, literal: '00e5e000000AbCd' },
        exempts: false,
      });
      expect(suggestReplacement(formula, ref, 'Bypass_Validation')).to.equal(undefined);
    });

    it('tells user, profile and role Ids apart by their case-sensitive prefix', () => {
      expect(kinds("OwnerId = '0055e000001AbCd'")).to.deep.equal(['hardcodedUserId']);
      expect(kinds("Owner.ProfileId <> '00e5e000000AbCdAAK'")).to.deep.equal(['hardcodedProfileId']);
      expect(kinds("Owner.UserRoleId = '00E5e000000AbCd'")).to.deep.equal(['hardcodedRoleId']);
      expect(kinds("IF(ISBLANK(Phone), '00E5e000000AbCd', '')")).to.deep.equal(['hardcodedRoleId']);
    });

    it('does not report Ids of other objects, wrong lengths or Ids inside longer text', () => {
      expect(kinds("AccountId = '0015e000001AbCdAAK'")).to.deep.equal([]);
      expect(kinds("OwnerId = '0055e000001AbC'")).to.deep.equal([]);
      expect(kinds("OwnerId = '0055e000001AbCdA'")).to.deep.equal([]);
      expect(kinds("OwnerId = '0055e000001AbCdaak'")).to.deep.equal([]);
      expect(kinds("Description = 'owner 0055e000001AbCd'")).to.deep.equal([]);
      expect(kinds('/* 0055e000001AbCd */ true')).to.deep.equal([]);
    });

    it('does not double-report the Id literals of a CASE on the running user', () => {
      const formula = "CASE($User.ProfileId, '00e5e000000AbCd', false, '00e5e000000AbCe', false, true)";
      expect(kinds(formula)).to.deep.equal(['profileId']);
      // The default of a CASE is no case value: an Id there is reported.
      expect(kinds("CASE($User.ProfileId, '00e5e000000AbCd', 'x', '005000000000001')")).to.deep.equal([
        'profileId',
        'hardcodedUserId',
      ]);
    });

    it('does not double-report an Id compared with a non-simple identity operand', () => {
      expect(kinds("LEFT($User.ProfileId, 15) = '00e5e000000AbCd'")).to.deep.equal(['profileId']);
    });

    it('reports a profile Id compared with $Profile.Id as profileId with its comparison', () => {
      const ref = only("NOT(CASESAFEID($Profile.Id) = '00e5e000000AbCdAAK')");
      expect(ref.kind).to.equal('profileId');
      expect(ref.comparison?.start).to.equal(4);
      expect(ref.comparison?.operator).to.equal('=');
    });
  });

  describe('permission checks', () => {
    it('lists $Permission names once each, as written, in any case', () => {
      const formula = 'AND(NOT($permission.Skip_VR), NOT($Permission.skip_vr), $PERMISSION.Other, ISBLANK(Phone))';
      expect(findIdentityReferences(formula).permissionChecks).to.deep.equal(['Skip_VR', 'Other']);
    });

    it('returns permission checks alongside references', () => {
      const result = findIdentityReferences("NOT($Permission.Bypass) && $User.Alias <> 'integ'");
      expect(result.permissionChecks).to.deep.equal(['Bypass']);
      expect(result.references.map((r) => r.kind)).to.deep.equal(['alias']);
    });
  });

  describe('offsets', () => {
    it('always point at the token', () => {
      [
        "AND(ISCHANGED(Amount), $User.Username <> 'integration@acme.com')",
        "CASE($User.ProfileId, '00e5e000000AbCd', false, '005000000000001', true, false)",
        "Owner.ProfileId = '00e5e000000AbCd' || '00E5e000000AbCd' = Owner.UserRoleId",
        'AND(\r\n$user.email <> "x@y.com",\r\n{!$UserRole.Id} = \'00E5e000000AbCd\')',
      ].forEach(expectConsistent);
    });
  });
});

describe('suggestPermissionName', () => {
  const valid = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

  it('uses the local part of a username or email', () => {
    expect(suggestPermissionName('integration@acme.com')).to.equal('Integration_Bypass_Validation');
    expect(suggestPermissionName('svc.mule-soft+prod@acme.com.uat')).to.equal('Svc_Mule_Soft_Prod_Bypass_Validation');
  });

  it('uses the words of a profile or role name', () => {
    expect(suggestPermissionName('System Administrator')).to.equal('System_Administrator_Bypass_Validation');
    expect(suggestPermissionName('  Integration  ')).to.equal('Integration_Bypass_Validation');
    expect(suggestPermissionName('Rémi Dupont')).to.equal('Remi_Dupont_Bypass_Validation');
  });

  it('falls back to Bypass_Validation for Ids, empty values and lists', () => {
    expect(suggestPermissionName(undefined)).to.equal('Bypass_Validation');
    expect(suggestPermissionName('')).to.equal('Bypass_Validation');
    expect(suggestPermissionName('   ')).to.equal('Bypass_Validation');
    expect(suggestPermissionName('00e5e000000AbCd')).to.equal('Bypass_Validation');
    expect(suggestPermissionName('0055e000001AbCdAAK')).to.equal('Bypass_Validation');
    expect(suggestPermissionName('a@acme.com;b@acme.com')).to.equal('Bypass_Validation');
    expect(suggestPermissionName('!!!')).to.equal('Bypass_Validation');
  });

  it('always returns a valid API name of at most 80 characters', () => {
    const inputs = ['3M Integration', '__x__', 'a'.repeat(200), `${'ab_'.repeat(40)}@x.com`, 'Ünïcödé', '42', 'x'];
    for (const input of inputs) {
      const name = suggestPermissionName(input);
      expect(name, input).to.match(valid);
      expect(name.length, input).to.be.at.most(80);
      expect(name.endsWith('_'), input).to.equal(false);
    }
    expect(suggestPermissionName('a'.repeat(200))).to.have.length(80);
    expect(suggestPermissionName('3M Integration')).to.equal('M_Integration_Bypass_Validation');
  });
});

describe('formula identity references: the user saving the record, polarity, labels, existing bypasses', () => {
  it('the user saving the record (LastModifiedBy) is the running user: an echo guard is an identity exception; CreatedBy in a rule is not', () => {
    const refs = findIdentityReferences(
      "AND(ISCHANGED(Status__c), NOT(CONTAINS(LastModifiedBy.Username, 'sync@')))",
    ).references;
    expect(refs.map((r) => [r.kind, r.comparison?.literal, r.exempts])).to.deep.equal([
      ['modifierUsername', 'sync@', true],
    ]);
    expect(
      findIdentityReferences("LastModifiedById <> '0055e000001AbCdAAE'").references.map((r) => r.kind),
    ).to.deep.equal(['modifierId']);
    expect(findIdentityReferences("CreatedBy.Alias = 'etl' && ISCHANGED(Amount)").references).to.deep.equal([]);
  });

  it('an including comparison inside NOT() or ! exempts; a plain one targets', () => {
    const exempts = (f: string): Array<boolean | undefined> =>
      findIdentityReferences(f).references.map((r) => r.exempts);
    expect(exempts("AND(ISCHANGED(Amount), NOT($Profile.Name = 'System Administrator'))")).to.deep.equal([true]);
    expect(exempts("!CONTAINS($User.Username, 'etl@')")).to.deep.equal([true]);
    expect(exempts("OR($UserRole.Name = 'Credit Team Lead', ISBLANK(Reason__c))")).to.deep.equal([false]);
    expect(exempts("NOT(OR($User.Alias <> 'mule', ISNEW()))")).to.deep.equal([false]);
  });

  it('a role concatenated with a separator inside CONTAINS($Label, ...) is still the role', () => {
    const [ref] = findIdentityReferences("NOT(CONTAINS($Label.Benefits_Roles, $UserRole.Name + ','))").references;
    expect(ref.comparison?.literal).to.equal('$Label.Benefits_Roles');
    expect(ref.exempts).to.equal(true);
  });

  it('reports the bypasses a formula already has', () => {
    expect(
      findIdentityReferences(
        "AND(NOT($Setup.Bypass__c.Skip_Validation__c), NOT($User.Exempt__c), $User.Username <> 'a@b.com')",
      ).settingChecks,
    ).to.deep.equal(['$Setup.Bypass__c.Skip_Validation__c', '$User.Exempt__c']);
  });
});

describe('formula identity references: custom identity fields of the running user', () => {
  it('a custom login, profile or role field compared with a literal is an identity; attributes and bypass flags are not', () => {
    const kindsOf = (f: string): string[] => findIdentityReferences(f).references.map((r) => r.kind);
    expect(kindsOf("AND(ISCHANGED(Status__c), $User.HCM_Login_ID__c <> 'CRMBATCHUSR')")).to.deep.equal([
      'customUserIdentity',
    ]);
    expect(kindsOf("$User.Profile_Name__c = 'Sales Ops'")).to.deep.equal(['profileName']);
    expect(kindsOf("$User.Sales_Role__c = 'Lead'")).to.deep.equal(['roleName']);
    expect(kindsOf("$User.Department__c = 'Ops'")).to.deep.equal([]);
    expect(kindsOf('NOT($User.Skip_Validation__c) && ISBLANK(Reason__c)')).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { findApexIdentityChecks, type ApexIdentityCheck } from '../../../src/lint/analysis/apex.js';

/** Checks with the text they cover, for readable assertions. */
function found(source: string): Array<ApexIdentityCheck & { text: string }> {
  return findApexIdentityChecks(source).map((check) => ({
    ...check,
    text: source.slice(check.offset, check.offset + check.length),
  }));
}

function summary(source: string): Array<[string, string, string, string]> {
  return found(source).map((c) => [c.method, c.operator, c.literal, c.text]);
}

/** Wraps statements in a class and method, as in a trigger handler. */
function inMethod(body: string): string {
  return `public with sharing class AccountHandler {\n  public void beforeUpdate(List<Account> rows) {\n${body}\n  }\n}\n`;
}

describe('findApexIdentityChecks', () => {
  describe('operators', () => {
    it('finds == with the call on the left, with exact offset and length', () => {
      const source = "if (UserInfo.getUserName() == 'integration@acme.com') { return; }";
      expect(findApexIdentityChecks(source)).to.deep.equal([
        { method: 'getUserName', offset: 4, length: 48, literal: 'integration@acme.com', operator: '==' },
      ]);
    });

    it('finds != with the literal on the left', () => {
      const source = "if ('0055e000001AbCdAAK' != UserInfo.getUserId()) { validate(rows); }";
      expect(findApexIdentityChecks(source)).to.deep.equal([
        { method: 'getUserId', offset: 4, length: 44, literal: '0055e000001AbCdAAK', operator: '!=' },
      ]);
    });

    it('finds .equals, .equalsIgnoreCase, .contains and .startsWith', () => {
      const source = inMethod(
        [
          "    if (UserInfo.getProfileId().equals('00e5e000000AbCd')) return;",
          "    if (UserInfo.getUserName().equalsIgnoreCase('Integration@Acme.com')) return;",
          "    if (UserInfo.getUserName().contains('integration')) return;",
          "    if (UserInfo.getUserEmail().startsWith('svc-')) return;",
        ].join('\n'),
      );
      expect(summary(source)).to.deep.equal([
        ['getProfileId', 'equals', '00e5e000000AbCd', "UserInfo.getProfileId().equals('00e5e000000AbCd')"],
        [
          'getUserName',
          'equalsIgnoreCase',
          'Integration@Acme.com',
          "UserInfo.getUserName().equalsIgnoreCase('Integration@Acme.com')",
        ],
        ['getUserName', 'contains', 'integration', "UserInfo.getUserName().contains('integration')"],
        ['getUserEmail', 'startsWith', 'svc-', "UserInfo.getUserEmail().startsWith('svc-')"],
      ]);
    });

    it('maps containsIgnoreCase/startsWithIgnoreCase to contains/startsWith', () => {
      expect(summary("b = UserInfo.getUserName().containsIgnoreCase('INTEG');").map((s) => s[1])).to.deep.equal([
        'contains',
      ]);
      expect(summary("b = UserInfo.getUserName().startsWithIgnoreCase('svc');").map((s) => s[1])).to.deep.equal([
        'startsWith',
      ]);
    });

    it("finds 'literal'.equals(call) and 'list'.contains(call)", () => {
      const source = inMethod(
        [
          "    if ('integration@acme.com'.equals(UserInfo.getUserName())) return;",
          "    if ('a@acme.com,b@acme.com'.contains(UserInfo.getUserName())) return;",
        ].join('\n'),
      );
      expect(summary(source)).to.deep.equal([
        ['getUserName', 'equals', 'integration@acme.com', "'integration@acme.com'.equals(UserInfo.getUserName())"],
        [
          'getUserName',
          'contains',
          'a@acme.com,b@acme.com',
          "'a@acme.com,b@acme.com'.contains(UserInfo.getUserName())",
        ],
      ]);
    });

    it('does not treat the reverse of startsWith as a check', () => {
      expect(found("if ('svc-integration'.startsWith(UserInfo.getUserName())) return;")).to.deep.equal([]);
    });
  });

  describe('methods', () => {
    const methods = [
      'getUserName',
      'getUserId',
      'getProfileId',
      'getUserEmail',
      'getName',
      'getFirstName',
      'getLastName',
      'getUserRoleId',
    ];
    for (const method of methods) {
      it(`finds UserInfo.${method}()`, () => {
        const source = inMethod(`    if (UserInfo.${method}() != 'someone') { addError(); }`);
        const checks = found(source);
        expect(checks.map((c) => c.method)).to.deep.equal([method]);
        expect(checks[0].text).to.equal(`UserInfo.${method}() != 'someone'`);
      });
    }

    it('does not report other UserInfo methods', () => {
      expect(found("if (UserInfo.getOrganizationId() == '00D000000000001') return;")).to.deep.equal([]);
      expect(found("if (UserInfo.getUserType() == 'Standard') return;")).to.deep.equal([]);
      expect(found("if (UserInfo.getUserNameX() == 'x') return;")).to.deep.equal([]);
    });
  });

  describe('syntax variations', () => {
    it('is case-insensitive and reports canonical method names', () => {
      expect(summary("if (userinfo.getusername() == 'x@acme.com') return;")).to.deep.equal([
        ['getUserName', '==', 'x@acme.com', "userinfo.getusername() == 'x@acme.com'"],
      ]);
      expect(summary("if (USERINFO.GETPROFILEID().EQUALS('00e5e000000AbCd')) return;")[0][1]).to.equal('equals');
    });

    it('allows whitespace, newlines and comments anywhere', () => {
      const source = "if (UserInfo\n   .getUserName ( )\r\n   /* who */ ==\n   'x@acme.com') return;";
      expect(findApexIdentityChecks(source)).to.deep.equal([
        { method: 'getUserName', offset: 4, length: 61, literal: 'x@acme.com', operator: '==' },
      ]);
    });

    it('includes a System. qualifier and transparent calls in the span', () => {
      const source = "Boolean skip = System.UserInfo.getUserName().toLowerCase().trim() == 'x@acme.com';";
      expect(summary(source)).to.deep.equal([
        ['getUserName', '==', 'x@acme.com', "System.UserInfo.getUserName().toLowerCase().trim() == 'x@acme.com'"],
      ]);
    });

    it('accepts parentheses and String.valueOf around the call', () => {
      expect(summary("if ((UserInfo.getUserId()) == ('005000000000001')) return;")[0][3]).to.equal(
        "(UserInfo.getUserId()) == ('005000000000001')",
      );
      expect(summary("if (String.valueOf(UserInfo.getProfileId()) == '00e5e000000AbCd') return;")[0][3]).to.equal(
        "String.valueOf(UserInfo.getProfileId()) == '00e5e000000AbCd'",
      );
    });

    it('decodes escapes in the literal', () => {
      expect(found("if (UserInfo.getLastName() == 'O\\'Brien') return;")[0].literal).to.equal("O'Brien");
      expect(found("if (UserInfo.getName() == 'Ren\\u00e9') return;")[0].literal).to.equal('René');
    });

    it('handles ternaries, returns and assertions as whole comparisons', () => {
      const source = inMethod(
        [
          "    String mode = UserInfo.getUserName() == 'x@acme.com' ? 'skip' : 'run';",
          "    return UserInfo.getUserName() != 'y@acme.com';",
          "    System.assert(!UserInfo.getUserName().equals('z@acme.com'), 'msg');",
        ].join('\n'),
      );
      expect(found(source).map((c) => c.literal)).to.deep.equal(['x@acme.com', 'y@acme.com', 'z@acme.com']);
    });
  });

  describe('comments and strings', () => {
    it('ignores checks in line and block comments', () => {
      const source = inMethod(
        [
          "    // if (UserInfo.getUserName() == 'x@acme.com') return;",
          "    /* if (UserInfo.getUserName() == 'y@acme.com') return;",
          "       UserInfo.getProfileId().equals('00e5e000000AbCd') */",
          '    validate(rows);',
        ].join('\n'),
      );
      expect(found(source)).to.deep.equal([]);
    });

    it('ignores checks inside string literals', () => {
      expect(found("String help = 'UserInfo.getUserName() == x';")).to.deep.equal([]);
      expect(found("String s = 'it\\'s UserInfo.getUserName() == \\'x\\'';")).to.deep.equal([]);
    });

    it('is not thrown off by quotes in comments or // in strings', () => {
      const source = inMethod(
        [
          "    /* don't validate the integration user */",
          "    String url = 'https://acme.com'; // the user's site",
          "    if (UserInfo.getUserName() == 'integration@acme.com') return;",
        ].join('\n'),
      );
      expect(found(source).map((c) => c.literal)).to.deep.equal(['integration@acme.com']);
    });
  });

  describe('near misses', () => {
    it('does not report a comparison with a variable or constant', () => {
      const source = inMethod(
        [
          '    if (UserInfo.getUserName() == INTEGRATION_USERNAME) return;',
          '    if (settings.Username__c.equals(UserInfo.getUserName())) return;',
          '    if (UserInfo.getUserId() == rows[0].OwnerId) return;',
        ].join('\n'),
      );
      expect(found(source)).to.deep.equal([]);
    });

    it('does not report UserInfo that is only logged or passed on', () => {
      const source = inMethod(
        [
          '    System.debug(UserInfo.getUserName());',
          "    String who = 'by ' + UserInfo.getUserName();",
          '    audit(UserInfo.getUserId(), rows);',
        ].join('\n'),
      );
      expect(found(source)).to.deep.equal([]);
    });

    it('does not report comparisons of other values', () => {
      const source = inMethod(
        [
          "    if (acc.Name == 'x') return;",
          "    if (Account.Name == 'x') return;",
          "    if (acc.Owner.Username == 'integration@acme.com') return;",
          "    if (other.UserInfo.getUserName() == 'x') return;",
        ].join('\n'),
      );
      expect(found(source)).to.deep.equal([]);
    });

    it('does not report a call that is part of a larger operand', () => {
      const source = inMethod(
        [
          "    if (UserInfo.getUserName() + '.uat' == 'x@acme.com.uat') return;",
          "    if ('pre' + UserInfo.getUserName() == 'prex') return;",
          "    if (UserInfo.getUserName() == 'x' + suffix) return;",
          "    if (UserInfo.getUserName().left(3) == 'svc') return;",
          "    if (UserInfo.getUserName() === 'x') return;",
        ].join('\n'),
      );
      expect(found(source)).to.deep.equal([]);
    });
  });

  describe('local variables', () => {
    it('follows a variable assigned from UserInfo in the same block', () => {
      const source = inMethod(
        [
          '    String userName = UserInfo.getUserName();',
          "    if (userName == 'integration@acme.com' || username.startsWith('svc-')) return;",
        ].join('\n'),
      );
      expect(summary(source)).to.deep.equal([
        ['getUserName', '==', 'integration@acme.com', "userName == 'integration@acme.com'"],
        ['getUserName', 'startsWith', 'svc-', "username.startsWith('svc-')"],
      ]);
    });

    it('follows a lower-cased assignment and a literal.equals(variable)', () => {
      const source = inMethod(
        [
          '    final String u = UserInfo.getUserName().toLowerCase();',
          "    Boolean skip = 'integration@acme.com'.equals(u);",
        ].join('\n'),
      );
      expect(summary(source)).to.deep.equal([
        ['getUserName', 'equals', 'integration@acme.com', "'integration@acme.com'.equals(u)"],
      ]);
    });

    it('stops at the end of the block and at a reassignment', () => {
      const source = [
        'public class H {',
        '  void a() {',
        '    String u = UserInfo.getUserName();',
        '    u = acc.Name;',
        "    if (u == 'after-reassignment') return;",
        '  }',
        "  void b(String u) { if (u == 'other-method') return; }",
        '}',
      ].join('\n');
      expect(found(source)).to.deep.equal([]);
    });

    it('does not follow a field of another object with the same name', () => {
      const source = inMethod(['    String u = UserInfo.getUserName();', "    if (acc.u == 'x') return;"].join('\n'));
      expect(found(source)).to.deep.equal([]);
    });
  });

  it('returns checks in source order with offsets that cover the expression', () => {
    const source = inMethod(
      [
        '    String u = UserInfo.getUserId();',
        "    if ('00e5e000000AbCd' == UserInfo.getProfileId() || u == '005000000000001') return;",
        "    if (UserInfo.getUserRoleId().equals('00E5e000000AbCd')) return;",
      ].join('\n'),
    );
    const checks = found(source);
    expect(checks.map((c) => c.text)).to.deep.equal([
      "'00e5e000000AbCd' == UserInfo.getProfileId()",
      "u == '005000000000001'",
      "UserInfo.getUserRoleId().equals('00E5e000000AbCd')",
    ]);
    expect(checks.map((c) => c.method)).to.deep.equal(['getProfileId', 'getUserId', 'getUserRoleId']);
  });

  describe("fields of the running user's own records, queried by Id", () => {
    const SOURCE = [
      'public class LeadConvert {',
      '  public static void run() {',
      '    String profileName = [SELECT Id, Name FROM Profile WHERE Id = :UserInfo.getProfileId() LIMIT 1].Name;',
      "    if (profileName == 'System Administrator') return;",
      '    Profile p = [SELECT Name FROM Profile WHERE Id = :UserInfo.getProfileId()];',
      "    if (p.Name.equalsIgnoreCase('Custom: Marketing')) return;",
      "    if ([SELECT Name FROM Profile WHERE Id = :UserInfo.getProfileId()].Name != 'Sales') {}",
      '    User me = [SELECT Username, Profile.Name FROM User WHERE Id = :UserInfo.getUserId()];',
      "    if (me.Profile.Name == 'Read Only' || me.Username == 'etl@acme.com') {}",
      '    Account a = [SELECT Name FROM Account WHERE Id = :someId];',
      "    if (a.Name == 'Acme') {}",
      '    Profile other = [SELECT Name FROM Profile WHERE Id = :otherId];',
      "    if (other.Name == 'System Administrator') {}",
      "    // if (p.Name == 'Commented Out') {}",
      '    String n = p.Name;',
      '  }',
      '}',
    ].join('\n');

    it('finds each use: through a local holding the field or the record, and directly', () => {
      const checks = findApexIdentityChecks(SOURCE).map((c) => [
        c.method,
        c.queriedField,
        c.operator,
        c.literal,
        SOURCE.slice(c.offset, c.offset + c.length),
      ]);
      expect(checks).to.deep.equal([
        ['getProfileId', 'profile name', '==', 'System Administrator', "profileName == 'System Administrator'"],
        [
          'getProfileId',
          'profile name',
          'equalsIgnoreCase',
          'Custom: Marketing',
          "p.Name.equalsIgnoreCase('Custom: Marketing')",
        ],
        [
          'getProfileId',
          'profile name',
          '!=',
          'Sales',
          "[SELECT Name FROM Profile WHERE Id = :UserInfo.getProfileId()].Name != 'Sales'",
        ],
        ['getUserId', 'profile name', '==', 'Read Only', "me.Profile.Name == 'Read Only'"],
        ['getUserId', 'username', '==', 'etl@acme.com', "me.Username == 'etl@acme.com'"],
      ]);
    });

    it('through a local holding the (shortened) UserInfo Id that the query binds', () => {
      const source = [
        'trigger AutoConvert on Lead (before update) {',
        '    String profileId = Userinfo.getprofileId().substring(0,15);',
        '    String profileName = [SELECT Name FROM Profile where Id  =: profileId].Name;',
        "    if (profileName =='ATR Read Only' || profileName=='System Administrator') { return; }",
        '}',
      ].join('\n');
      expect(findApexIdentityChecks(source).map((c) => [c.queriedField, c.literal])).to.deep.equal([
        ['profile name', 'ATR Read Only'],
        ['profile name', 'System Administrator'],
      ]);
    });

    it('near misses: another record, a query by another Id, a comment, a read without comparison', () => {
      const literals = findApexIdentityChecks(SOURCE).map((c) => c.literal);
      expect(literals).not.to.include.members(['Acme', 'Commented Out']);
      expect(literals.filter((l) => l === 'System Administrator')).to.have.length(1);
    });
  });

  describe('collections of names and switches', () => {
    const SOURCE = [
      'public class Guard {',
      "  private static final Set<String> BYPASS_USERS = new Set<String>{ 'integration@acme.com', 'etl@acme.com' };",
      '  public static Boolean skip() {',
      '    if (BYPASS_USERS.contains(UserInfo.getUserName())) return true;',
      "    if (!new Set<String>{'00e5e000000AbCdAAK'}.contains(UserInfo.getProfileId())) return false;",
      '    switch on UserInfo.getUserName() {',
      "      when 'ops@acme.com', 'it@acme.com' { return true; }",
      '      when else { return false; }',
      '    }',
      '  }',
      '  public static Boolean notFlagged(Set<String> allowed) {',
      '    if (allowed.contains(UserInfo.getUserName())) return true;',
      '    Set<Id> owners = new Set<Id>();',
      '    return owners.contains(UserInfo.getUserId());',
      '  }',
      '}',
    ].join('\n');

    it('finds a constant collection, an inline collection and the cases of a switch', () => {
      expect(
        findApexIdentityChecks(SOURCE).map((c) => [
          c.method,
          c.operator,
          c.literal,
          SOURCE.slice(c.offset, c.offset + c.length),
        ]),
      ).to.deep.equal([
        [
          'getUserName',
          'contains',
          'integration@acme.com, etl@acme.com',
          'BYPASS_USERS.contains(UserInfo.getUserName())',
        ],
        [
          'getProfileId',
          'contains',
          '00e5e000000AbCdAAK',
          "new Set<String>{'00e5e000000AbCdAAK'}.contains(UserInfo.getProfileId())",
        ],
        ['getUserName', '==', 'ops@acme.com, it@acme.com', "when 'ops@acme.com', 'it@acme.com'"],
      ]);
    });

    it('near misses: a collection passed in (no literals known) and an empty one are not reported', () => {
      const literals = findApexIdentityChecks(SOURCE).map((c) => c.literal);
      expect(literals).to.have.length(3);
    });
  });
});

describe('findApexIdentityChecks: shapes from large real code bases', () => {
  const checksOf = (
    source: string,
  ): Array<{ literal: string; field?: string; excludes?: boolean; testOnly?: boolean; text: string }> =>
    findApexIdentityChecks(source).map((c) => ({
      literal: c.literal,
      ...(c.queriedField ? { field: c.queriedField } : {}),
      ...(c.excludes ? { excludes: true } : {}),
      ...(c.testOnly ? { testOnly: true } : {}),
      text: source.slice(c.offset, c.offset + c.length),
    }));

  it('a literal inside the query that also selects the running user’s own record (count of matching profiles, users, roles)', () => {
    const src = `public class Gate {
  Boolean admin() {
    Integer n = [select count() from Profile where name in ('System Administrator','Ops Lead') and id = :UserInfo.getProfileId()];
    Integer m = [SELECT count() FROM User WHERE Id = :UserInfo.getUserId() AND Profile.Name != 'Read Only'];
    Integer r = [select count() from UserRole where name = 'Traveler - PEC' and id = :userinfo.getUserRoleId()];
    return n > 0;
  }
}`;
    expect(checksOf(src)).to.deep.equal([
      {
        literal: 'System Administrator, Ops Lead',
        field: 'profile name',
        text: "name in ('System Administrator','Ops Lead')",
      },
      { literal: 'Read Only', field: 'profile name', excludes: true, text: "Profile.Name != 'Read Only'" },
      { literal: 'Traveler - PEC', field: 'role', text: "name = 'Traveler - PEC'" },
    ]);
  });

  it('a constant set of profile names tested with the running user’s record; an alias-qualified query; a for-loop variable; a copy of the field', () => {
    const src = `public class Home {
  static Set<String> ADMINS = new Set<String>{'System Administrator', 'Finance'};
  static User me = [select Id, profile.name from user where id = :userinfo.getUserId()];
  void a() { if (ADMINS.contains(me.profile.name)) return; }
  void b() {
    User u = [Select u.Profile.Name, u.Id From User u where u.id = :userinfo.getuserid()];
    if (u.profile.name == 'RBD') return;
  }
  void c() {
    for (User x : [SELECT Profile.Name FROM User WHERE Id = :UserInfo.getUserId()]) { if (x.Profile.Name == 'Portal User') flag = true; }
  }
  void d() {
    User o = [SELECT Profile.Name FROM User
              WHERE Id = :UserInfo.getUserId()];
    String profileName = o.Profile.Name;
    if (profileName == 'Partner Portal User') return;
  }
}`;
    expect(checksOf(src).map((f) => `${f.literal}|${f.field ?? ''}`)).to.deep.equal([
      'System Administrator, Finance|profile name',
      'RBD|profile name',
      'Portal User|profile name',
      'Partner Portal User|profile name',
    ]);
  });

  it('the Id of a profile or user looked up by name, compared with the running user’s (locals, lists, maps, custom settings)', () => {
    const src = `public class Jira {
  private static final String AGENT = 'Connector Agent';
  void a() {
    Id agentId = [SELECT Id FROM Profile WHERE Name = :AGENT LIMIT 1].Id;
    if (UserInfo.getProfileId() != agentId) sync();
  }
  void b() {
    Set<Id> ids = new Set<Id>();
    for (Profile p : [SELECT Id FROM Profile WHERE Name IN ('A', 'B')]) ids.add(p.Id);
    if (ids.contains(UserInfo.getProfileId())) return;
  }
  void c() {
    Map<Id, Profile> m = new Map<Id, Profile>([SELECT Id FROM Profile WHERE Name = 'Support']);
    if (!m.containsKey(UserInfo.getProfileId())) return;
  }
  void d() {
    if (userinfo.getProfileid() == Profile_List__c.getInstance('System Administrator').ProfileId__c) return;
    if (UserInfo.getUserId() == [SELECT Id FROM User WHERE Username LIKE 'etl@%'].Id) return;
  }
}`;
    expect(checksOf(src).map((f) => `${f.literal}${f.excludes ? ' (excludes)' : ''}`)).to.deep.equal([
      'Connector Agent (excludes)',
      'A, B',
      'Support (excludes)',
      'System Administrator',
      'etl@%',
    ]);
  });

  it('indexOf on the identity, and a test-only hook', () => {
    const src = `public class Mail {
  void a() {
    if (UserInfo.getUserName().toLowerCase().indexOf('zendesk') < 0) notify();
    if (!Test.isRunningTest() || UserInfo.getUserName() == 'tester@acme.com.test') run();
  }
}`;
    expect(checksOf(src)).to.deep.equal([
      { literal: 'zendesk', excludes: true, text: "UserInfo.getUserName().toLowerCase().indexOf('zendesk') < 0" },
      { literal: 'tester@acme.com.test', testOnly: true, text: "UserInfo.getUserName() == 'tester@acme.com.test'" },
    ]);
  });

  it('near misses: a name query that is not compared with the running user, and a record owner compared with a looked-up Id', () => {
    const src = `public class Assign {
  void a(Case c) {
    Id queue = [SELECT Id FROM Profile WHERE Name = 'Support'].Id;
    List<User> reps = [SELECT Id FROM User WHERE Profile.Name = 'Rep'];
    if (c.OwnerId == queue) return;
  }
}`;
    expect(checksOf(src)).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import {
  checkWellFormed,
  isParseFailure,
  LARGE_XML_BYTES,
  parseSimpleXml,
  parseXmlFile,
  XML_PARSER_OPTIONS,
  type XmlParseFailure,
} from '../../src/lint/xml.js';
import type { XmlFile } from '../../src/lint/types.js';
import type { ProjectFile } from '../../src/lint/types.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const FILE: ProjectFile = { absolute: '/x', path: 'x', type: 'ConnectedApp', fullName: 'X', format: 'source' };

describe('checkWellFormed (the light scan run on every file)', () => {
  it('accepts what Salesforce writes: declarations, comments, CDATA, entities, character references, > in attribute values', () => {
    for (const xml of [
      `${HEAD}<ConnectedApp ${NS}>\n    <label>R&amp;D &lt;EU&gt; &quot;A&apos;s&quot; &#233; &#x1F600;</label>\n</ConnectedApp>\n`,
      `${HEAD}<!-- a & b < c -->\n<Flow ${NS}>\n    <description><![CDATA[a & b <not a tag>]]></description>\n    <x a="1 > 0" b='q'/>\n</Flow>\n`,
      `\uFEFF${HEAD}<Profile ${NS}/>`,
    ]) {
      expect(checkWellFormed(xml.replace(/^\uFEFF/, '')), xml).to.equal(undefined);
    }
  });

  it('reports each kind of breakage with line and column', () => {
    const cases: Array<[string, string, number, number]> = [
      [
        `${HEAD}<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata>\n    <active>true</active>\n</ValidationRule>\n`,
        'misses its closing quote',
        2,
        1,
      ],
      [
        `${HEAD}<Profile ${NS}>\n    <description>Accounting & Finance</description>\n</Profile>\n`,
        "'&' must start an entity",
        3,
        29,
      ],
      [
        `${HEAD}<Profile ${NS}>\n    <description>a&nbsp;b</description>\n</Profile>\n`,
        "'&' must start an entity",
        3,
        19,
      ],
      [`${HEAD}<Profile xmlns=http://x>\n</Profile>\n`, 'malformed attributes in tag <Profile>', 2, 1],
      [`${HEAD}<Flow ${NS}>\n    <a>\n</Flow>\n`, 'closing tag </Flow> does not match <a>', 4, 1],
      [`${HEAD}<Flow ${NS}>\n<<<<<<< HEAD\n</Flow>\n`, "'<' must start a tag", 3, 1],
      [`${HEAD}<Flow ${NS}></Flow>\n<Flow ${NS}></Flow>\n`, 'more than one root element', 3, 1],
      [`${HEAD}<Flow ${NS}>\n    <a>`, 'element <a> is not closed', 3, 5],
      [`${HEAD}<!-- unclosed`, 'comment is not closed', 2, 1],
      ['', 'no root element', 1, 1],
    ];
    for (const [xml, message, line, column] of cases) {
      const failure = checkWellFormed(xml);
      expect(failure?.message, xml).to.contain(message);
      expect({ line: failure?.line, column: failure?.column }, message).to.deep.equal({ line, column });
    }
  });
});

describe('parseSimpleXml (plain documents, without the parser)', () => {
  const parser = new XMLParser(XML_PARSER_OPTIONS);
  const viaParser = (xml: string): unknown => {
    const parsed = parser.parse(xml) as Record<string, unknown[]>;
    const [root] = Object.keys(parsed);
    return { root, value: parsed[root][0] };
  };

  it('builds exactly the tree fast-xml-parser builds', () => {
    for (const xml of [
      `${HEAD}<ConnectedApp ${NS}>\n    <label>Talkdesk</label>\n    <oauthConfig>\n        <scopes>Api</scopes>\n        <scopes>RefreshToken</scopes>\n        <isAdminApproved>true</isAdminApproved>\n    </oauthConfig>\n</ConnectedApp>\n`,
      `<CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><values><field>A__c</field><value xsi:nil="true"/></values><values><field>B__c</field><value xsi:type="xsd:string"> x </value></values></CustomMetadata>`,
      '<a>\r\n  <b>line one\r\nline two\rthree</b>\r\n  <c></c>\r\n</a>',
      '<a><b><c><d>deep</d></c></b><b/></a>',
      '<a>only text</a>',
      '<a></a>',
      '<userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>',
      '<criteriaItems><field>User.Username</field><operation>equals</operation><value> ops@acme-corp.com </value></criteriaItems>',
      '<values><value></value><value>   </value><value>b</value></values>',
      '<x.y><a-b>1</a-b><c_d>2</c_d></x.y>',
      // XML's named entities, decoded once (&amp;lt; is &lt;), also at a trimmed edge.
      '<a><b>R&amp;D</b><f>{!$User.Username} &lt;&gt; &apos;x&apos; &amp;&amp; &quot;y&quot;</f><c>&amp;lt;</c><d> &lt; </d></a>',
    ]) {
      expect(JSON.stringify(parseSimpleXml(xml)), xml).to.equal(JSON.stringify(viaParser(xml)));
    }
  });

  it('leaves every other document to the parser', () => {
    for (const xml of [
      // Character references and a bare '&': the parser's own handling (it keeps &#65; as written).
      '<a><b>&#65;</b></a>',
      '<a><b>&#x41;</b></a>',
      '<a><b>R&D</b></a>',
      '<a><b>&nbsp;</b></a>',
      '<a><!-- note --><b>1</b></a>',
      '<a><b><![CDATA[x]]></b></a>',
      '<?xml version="1.0"?><?pi x?><a><b>1</b></a>',
      '<!DOCTYPE a><a><b>1</b></a>',
      '<a>text<b>1</b></a>',
      '<a><b>1</b></a><c/>',
      '<a><b>1</c></a>',
      '<a><b>1</b>',
      '<a><b>1</b></a>trailing',
      '<a/>',
      '<a><__proto__>1</__proto__></a>',
      '<a><ns:b>1</ns:b></a>',
      '<a><constructor>1</constructor></a>',
    ])
      expect(parseSimpleXml(xml), xml).to.equal(undefined);
  });
});

describe('parseXmlFile', () => {
  it('builds element trees only when asked, and scans blocks without a full parse', () => {
    const text = `${HEAD}<Profile ${NS}>\n    <!-- <name>Commented</name> -->\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n    </userPermissions>\n</Profile>\n`;
    const xml = parseXmlFile(FILE, text);
    if ('message' in xml) throw new Error(xml.message);
    expect(xml.root).to.equal('Profile');
    expect(xml.blocks('userPermissions').map((b) => [b.node.name, b.offset])).to.deep.equal([
      [['ModifyAllData'], text.indexOf('<userPermissions>')],
    ]);
    // Tags inside comments are never found.
    expect(xml.locateTag('name')).to.deep.equal({ line: 6, column: 9, offset: text.indexOf('<name>ModifyAllData') });
  });

  it('blocks of nested plain elements are the trees the parser builds of them', () => {
    const block =
      '<rules>\n        <fullName>Gate</fullName>\n        <actions>\n            <name>Notify</name>\n            <type>OutboundMessage</type>\n        </actions>\n        <active>true</active>\n        <criteriaItems>\n            <field>User.Username</field>\n            <operation>equals</operation>\n            <value>ops@acme-corp.com</value>\n        </criteriaItems>\n    </rules>';
    const text = `${HEAD}<Workflow ${NS}>\n    ${block}\n</Workflow>\n`;
    const xml = parseXmlFile(FILE, text);
    if ('message' in xml) throw new Error(xml.message);
    const expected = (new XMLParser(XML_PARSER_OPTIONS).parse(block) as Record<string, unknown[]>).rules[0];
    expect(JSON.stringify(xml.blocks('rules')[0].node)).to.equal(JSON.stringify(expected));
    expect(xml.blocks('rules')[0].offset).to.equal(text.indexOf('<rules>'));
  });

  it('what only the full parser rejects is reported once, not thrown', () => {
    const late: Array<{ reason: string; element?: string }> = [];
    // Well formed for the scan, but fast-xml-parser rejects a duplicate attribute.
    const xml = parseXmlFile(
      FILE,
      `${HEAD}<ConnectedApp ${NS}>\n    <label a="1" a="2">x</label>\n</ConnectedApp>\n`,
      (reason, element) => late.push({ reason, element }),
    );
    if ('message' in xml) return; // the scan caught it first: also fine
    expect(xml.data).to.be.an('object');
    expect(xml.blocks('label')).to.be.an('array');
    expect(late.length).to.be.at.most(2);
    // The parser's reason, on one line; the wording around it is the parse-error rule's.
    for (const l of late) expect(l.reason).to.match(/^(?!malformed XML)[^\n]+$/);
  });
});

describe('parseXmlFile: large files are checked where a rule parses them', () => {
  const file = {
    absolute: '/p/x.profile-meta.xml',
    path: 'x.profile-meta.xml',
    type: 'Profile',
    fullName: 'x',
    format: 'source' as const,
  };
  const filler =
    '    <fieldPermissions>\n        <editable>false</editable>\n        <field>Account.F__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n';
  const profile = (size: number, extra: string): string => {
    const body = filler.repeat(Math.ceil(size / filler.length));
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}${extra}    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n    </userPermissions>\n</Profile>\n`;
  };
  const unclosed = '    <loginIpRanges>\n        <startAddress>1.1.1.1</startAddress>\n';

  it('a small file is scanned whole: a malformation anywhere is a parse failure at its line', () => {
    const small = parseXmlFile(file, profile(10_000, unclosed));
    expect(isParseFailure(small)).to.equal(true);
    expect((small as XmlParseFailure).line).to.be.a('number');
  });

  it('a large file is not scanned whole: the blocks a rule reads are found and parsed', () => {
    const large = parseXmlFile(file, profile(LARGE_XML_BYTES, ''));
    expect(isParseFailure(large)).to.equal(false);
    const [perm] = (large as XmlFile).blocks('userPermissions');
    expect(perm.node.name).to.deep.equal(['ModifyAllData']);
    expect((large as XmlFile).locateTag('userPermissions')?.line).to.be.greaterThan(1000);
  });

  it('a large file with a broken block reports it when a rule reads it', () => {
    const late: string[] = [];
    const broken = profile(LARGE_XML_BYTES, '').replace('<name>ModifyAllData</name>', '<name>ModifyAllData</nam>');
    const large = parseXmlFile(file, broken, (reason, element) => late.push(`${element}: ${reason}`));
    expect(isParseFailure(large)).to.equal(false);
    expect((large as XmlFile).blocks('userPermissions')).to.deep.equal([]);
    expect(late).to.have.length(1);
    expect(late[0]).to.match(/^userPermissions: /);
  });
});

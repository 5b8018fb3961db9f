import Testing

/// Documents that exercise the corners of C14N where implementations have disagreed: namespace
/// rendering, attribute order, escaping, and nodes outside the document element.
struct CanonicalizationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let xml: String

    var testDescription: String { name }

    static let all: [CanonicalizationCase] = [
        CanonicalizationCase(
            name: "default namespace and xmlns undeclaration",
            xml: """
                <root xmlns="urn:default"><a><b xmlns=""><c/><d xmlns="urn:other"><e/></d></b></a><f xmlns=""/></root>
                """),
        CanonicalizationCase(
            name: "redundant re-declarations",
            xml: """
                <p:root xmlns:p="urn:p" xmlns="urn:d"><p:a xmlns:p="urn:p"><b xmlns="urn:d"><p:c xmlns:p="urn:p" xmlns="urn:d"/></b></p:a></p:root>
                """),
        CanonicalizationCase(
            name: "prefixes declared on ancestors but unused",
            xml: """
                <r:root xmlns:r="urn:r" xmlns:unused="urn:unused" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><r:v xsi:type="xs:string">x</r:v><r:w><r:z/></r:w></r:root>
                """),
        CanonicalizationCase(
            name: "attributes in namespaces and attribute order",
            xml: """
                <root xmlns:b="urn:b" xmlns:a="urn:z" zeta="1" b:attr="2" alpha="3" a:attr="4" b:a="5" xmlns:c="urn:a" c:x="6"/>
                """),
        CanonicalizationCase(
            name: "xml:lang and xml:space",
            xml: """
                <root xml:lang="en" xml:space="preserve"><a xml:lang="fr"><b>  spaced  </b></a><c xml:space="default"/></root>
                """),
        CanonicalizationCase(
            name: "comments and processing instructions inside and outside the root",
            xml: """
                <?xml version="1.0" encoding="UTF-8"?>
                <?before first?>
                <!-- before -->
                <root><!-- inside --><?pi  data ?><a><!--nested--></a></root>
                <!-- after -->
                <?after last?>

                """),
        CanonicalizationCase(
            name: "CDATA sections",
            xml: """
                <root><a><![CDATA[<not-a-tag> & "quotes" ]] > ]]></a><b>x<![CDATA[]]>y</b><c><![CDATA[\r\n]]></c></root>
                """),
        CanonicalizationCase(
            name: "character references and whitespace in attributes",
            xml: """
                <root a="  lead  trail  " b="tab&#9;nl&#10;cr&#13;" c="&quot;&apos;&lt;&gt;&amp;" d="line
                break" e='single "quoted"'>text &#13; &#x41; &gt; &lt; &amp; \u{E9}\u{1F600}&#x1F600;</root>
                """),
        CanonicalizationCase(
            name: "empty elements",
            xml: """
                <root><a/><b></b><c x="1"/><d> </d><e>
                </e></root>
                """),
        CanonicalizationCase(
            name: "prefix rebinding",
            xml: """
                <p:root xmlns:p="urn:one"><p:a xmlns:p="urn:two"><p:b xmlns:p="urn:one"><p:c/></p:b></p:a></p:root>
                """),
        CanonicalizationCase(
            name: "SAML response with mixed prefixes",
            xml: """
                <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
                xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_r" Version="2.0">
                  <saml:Issuer>https://idp.example.com</saml:Issuer>
                  <saml:Assertion ID="_a" Version="2.0" IssueInstant="2024-01-01T00:00:00Z">
                    <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">a@b.c</saml:NameID></saml:Subject>
                    <saml:AttributeStatement><saml:Attribute Name="role"><saml:AttributeValue xsi:type="xs:string">admin</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>
                  </saml:Assertion>
                </samlp:Response>
                """),
        CanonicalizationCase(
            name: "namespaced attribute whose prefix the element does not use",
            xml: """
                <root xmlns:x="urn:x" xmlns:y="urn:y"><x:a y:attr="1"><b y:attr="2" xmlns:y="urn:y2"/></x:a></root>
                """),
        CanonicalizationCase(
            name: "whitespace between elements",
            xml: "\n\n<root>\n\t<a> </a>\r\n  <b/>\n</root>\n\n",
        ),
    ]
}

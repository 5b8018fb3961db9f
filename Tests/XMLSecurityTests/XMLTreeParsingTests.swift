import Foundation
import Testing
import XMLSecurity

/// The safe parser: every libxml2 feature that reaches outside the input bytes must be off, and every
/// bound must hold before any work proportional to the attack is done.
@Suite struct XMLTreeParsingTests {
    // MARK: DOCTYPE, entities, XXE

    static let doctypes: [(String, String)] = [
        ("plain", "<!DOCTYPE r><r/>"),
        ("after declaration and comment", "<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE r>\n<r/>"),
        ("internal entity", "<!DOCTYPE r [<!ENTITY e \"expanded\">]><r>&e;</r>"),
        ("external entity (XXE)", "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><r>&xxe;</r>"),
        ("external DTD", "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\"><r/>"),
        ("public DTD", "<!DOCTYPE r PUBLIC \"-//X//Y\" \"file:///etc/passwd\"><r/>"),
        ("parameter entity", "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r/>"),
        ("attribute default", "<!DOCTYPE r [<!ATTLIST r ID CDATA \"injected\">]><r/>"),
        ("entity in attribute", "<!DOCTYPE r [<!ENTITY e \"x\">]><r a=\"&e;\"/>"),
    ]

    @Test(arguments: doctypes)
    func doctypeIsRefused(_ name: String, _ document: String) {
        expectError(.doctypeForbidden) { try XMLTree.parse(document.bytes) }
    }

    /// The refusal is structural, not textual: DOCTYPE-looking text inside the document is fine.
    @Test func doctypeTextInCommentOrCDATAIsAccepted() throws {
        let tree = try XMLTree.parse("<r><!-- <!DOCTYPE x> --><![CDATA[<!DOCTYPE y [<!ENTITY e \"z\">]>]]></r>".bytes)
        #expect(tree.root.textContent == "<!DOCTYPE y [<!ENTITY e \"z\">]>")
    }

    @Test func doctypeInUTF16IsRefused() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        expectError(.doctypeForbidden) { try XMLTree.parse(bytes) }
    }

    /// Billion laughs: 10^9 expansions if any entity were substituted. The parser stops at the DOCTYPE,
    /// so the call returns the DOCTYPE refusal; had entities been declared or expanded libxml2 would
    /// have reported its own amplification error (malformed) or run out of memory instead.
    @Test func billionLaughsIsRefusedBeforeExpansion() {
        var subset = "<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            subset += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let document = "<?xml version=\"1.0\"?><!DOCTYPE lolz [\(subset)]><lolz>&lol9;</lolz>"
        expectError(.doctypeForbidden) { try XMLTree.parse(document.bytes) }
    }

    /// Without a DOCTYPE an entity reference is undeclared: libxml2 must report an error, never
    /// resolve it from anywhere.
    @Test func undeclaredEntityIsMalformed() {
        expectError(.malformed) { try XMLTree.parse("<r>&xxe;</r>".bytes) }
    }

    @Test func predefinedEntitiesAndCharacterReferencesAreDecoded() throws {
        let tree = try XMLTree.parse("<r a=\"x&amp;y&quot;&#65;\">&lt;tag&gt; &amp; &apos;&#x41;&#66;</r>".bytes)
        #expect(tree.root.textContent == "<tag> & 'AB")
        #expect(tree.root.attribute("a") == "x&y\"A")
        #expect(tree.root.attribute("a", equals: "x&y\"A"))
    }

    @Test func xincludeIsNotProcessed() throws {
        let document = """
            <r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></r>
            """
        let tree = try XMLTree.parse(document.bytes)
        let include = try #require(tree.root.children.first)
        #expect(include.is("include", in: "http://www.w3.org/2001/XInclude"))
        #expect(include.attribute("href") == "file:///etc/passwd")
        #expect(tree.root.textContent == "")
        #expect(tree.root.children.count == 1)
    }

    // MARK: Size and depth

    @Test func inputOverMaxBytesIsRefusedBeforeParsing() {
        // Not even well-formed: only a size check that runs first can report inputTooLarge.
        let bytes = [UInt8](repeating: UInt8(ascii: "<"), count: 101)
        expectError(.inputTooLarge) { try XMLTree.parse(bytes, limits: XMLParserLimits(maxBytes: 100)) }
        expectError(.malformed) { try XMLTree.parse(bytes, limits: XMLParserLimits(maxBytes: 101)) }
    }

    @Test func inputOfExactlyMaxBytesIsAccepted() throws {
        let document = "<r>" + String(repeating: "x", count: 93) + "</r>"
        #expect(document.utf8.count == 100)
        let tree = try XMLTree.parse(document.bytes, limits: XMLParserLimits(maxBytes: 100))
        #expect(tree.root.textContent.count == 93)
        expectError(.inputTooLarge) { try XMLTree.parse(document.bytes, limits: XMLParserLimits(maxBytes: 99)) }
    }

    @Test func defaultLimits() {
        #expect(XMLParserLimits.default == XMLParserLimits(maxBytes: 256 * 1024, maxDepth: 64))
        expectError(.inputTooLarge) { try XMLTree.parse([UInt8](repeating: 0x20, count: 256 * 1024 + 1)) }
    }

    static func nested(_ depth: Int) -> [UInt8] {
        (String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)).bytes
    }

    @Test(arguments: [1, 3, 64])
    func nestingExactlyAtMaxDepthIsAccepted(_ depth: Int) throws {
        let tree = try XMLTree.parse(Self.nested(depth), limits: XMLParserLimits(maxDepth: depth))
        var levels = 1
        var current = tree.root
        while let child = current.firstChildElement {
            levels += 1
            current = child
        }
        #expect(levels == depth)
    }

    @Test(arguments: [1, 3, 64])
    func nestingOneBeyondMaxDepthIsRefused(_ depth: Int) {
        expectError(.tooDeep) { try XMLTree.parse(Self.nested(depth + 1), limits: XMLParserLimits(maxDepth: depth)) }
    }

    @Test func hostileDepthIsRefusedWithDefaultLimits() {
        expectError(.tooDeep) { try XMLTree.parse(Self.nested(65)) }
        // Far beyond libxml2's own limit: our check must fire first and report tooDeep.
        expectError(.tooDeep) { try XMLTree.parse(Self.nested(50_000), limits: XMLParserLimits(maxBytes: 1 << 20)) }
    }

    // MARK: Well-formedness and namespaces

    static let malformed: [(String, [UInt8])] = [
        ("empty", []),
        ("whitespace only", "  \n ".bytes),
        ("mismatched tags", "<a><b></a></b>".bytes),
        ("unclosed", "<a>".bytes),
        ("text only", "hello".bytes),
        ("two roots", "<a/><b/>".bytes),
        ("duplicate attribute", "<a x=\"1\" x=\"2\"/>".bytes),
        ("unquoted attribute", "<a x=1/>".bytes),
        ("invalid UTF-8", [0x3C, 0x61, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x61, 0x3E]),
        ("NUL byte", [0x3C, 0x61, 0x3E, 0x00, 0x3C, 0x2F, 0x61, 0x3E]),
        ("undeclared element prefix", "<saml:Assertion/>".bytes),
        ("undeclared prefix below root", "<r xmlns:a=\"urn:a\"><a:x/><saml:Issuer>i</saml:Issuer></r>".bytes),
        ("undeclared attribute prefix", "<r x:ID=\"1\"/>".bytes),
        ("declared twice on one element", "<r xmlns:a=\"urn:a\" xmlns:a=\"urn:b\"/>".bytes),
        ("xml prefix rebound", "<r xmlns:xml=\"urn:not-xml\"/>".bytes),
        ("empty prefixed namespace", "<r xmlns:a=\"\"/>".bytes),
    ]

    @Test(arguments: malformed)
    func notWellFormedIsMalformed(_ name: String, _ bytes: [UInt8]) {
        expectError(.malformed) { try XMLTree.parse(bytes) }
    }

    @Test func namespacesAreResolved() throws {
        let tree = try XMLTree.parse(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"/></samlp:Response>"
                .bytes)
        #expect(tree.root.localName == "Response")
        #expect(tree.root.namespaceURI == "urn:oasis:names:tc:SAML:2.0:protocol")
        let assertion = try #require(tree.root.firstChild("Assertion", in: "urn:oasis:names:tc:SAML:2.0:assertion"))
        #expect(assertion.namespaceURI == "urn:oasis:names:tc:SAML:2.0:assertion")
        #expect(!assertion.is("Assertion", in: "urn:oasis:names:tc:SAML:2.0:protocol"))
    }

    @Test func serializedTreeReparsesToTheSameCanonicalForm() throws {
        let source = "<r xmlns=\"urn:r\" b=\"2\" a=\"1\">\n  <c>t&amp;x</c><!-- k -->\n</r>"
        let tree = try XMLTree.parse(source.bytes)
        let again = try XMLTree.parse(tree.serialized())
        #expect(
            try Canonicalizer.canonicalize(again, method: .inclusive10(withComments: true))
                == Canonicalizer.canonicalize(tree, method: .inclusive10(withComments: true)))
        #expect(String(decoding: tree.serialized(), as: UTF8.self).hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
    }

    @Test func parsesDataLikeCollections() throws {
        let tree = try XMLTree.parse(Data("<r>d</r>".utf8))
        #expect(tree.root.textContent == "d")
        #expect(tree.root.line == 1)
    }
}

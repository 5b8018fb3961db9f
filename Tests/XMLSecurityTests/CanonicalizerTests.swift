import Foundation
import Testing
import XMLSecurity

/// Whole-document canonicalization compared byte for byte with `xmllint`, an independent caller of
/// libxml2's C14N that shares none of our node-set code. (Subtrees are cross-checked with xmlsec1
/// through signatures, in EnvelopedSignatureXmlsecTests.)
@Suite struct CanonicalizerTests {
    static let methods: [(flag: String, method: CanonicalizationMethod)] = [
        ("--exc-c14n", .exclusive(withComments: true, inclusivePrefixes: [])),
        ("--c14n", .inclusive10(withComments: true)),
        ("--c14n11", .inclusive11(withComments: true)),
    ]

    static func xmllint(_ flag: String, _ xml: String) throws -> [UInt8] {
        try TemporaryDirectory.with { directory in
            let path = try directory.write(xml, to: "input.xml")
            return try ExternalTool.xmllint.runExpectingSuccess([flag, path]).stdout
        }
    }

    @Test(arguments: CanonicalizationCase.all, [0, 1, 2])
    func documentMatchesXmllint(_ testCase: CanonicalizationCase, _ methodIndex: Int) throws {
        let (flag, method) = Self.methods[methodIndex]
        let expected = try Self.xmllint(flag, testCase.xml)
        let tree = try XMLTree.parse(testCase.xml.bytes)
        let actual = try Canonicalizer.canonicalize(tree, method: method)
        #expect(
            actual == expected,
            "\(flag):\nxmllint: \(String(decoding: expected, as: UTF8.self))\nours:    \(String(decoding: actual, as: UTF8.self))")
    }

    /// A Latin-1 document: both sides transcode to UTF-8 and drop the XML declaration.
    @Test func latin1DocumentMatchesXmllint() throws {
        let bytes = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r a=\"caf".bytes + [0xE9] + "\">na".bytes + [0xEF] + "ve</r>".bytes
        let expected = try TemporaryDirectory.with { directory in
            try ExternalTool.xmllint.runExpectingSuccess(["--exc-c14n", directory.write(bytes, to: "latin1.xml")]).stdout
        }
        #expect(String(decoding: expected, as: UTF8.self) == "<r a=\"caf\u{E9}\">na\u{EF}ve</r>")
        let actual = try Canonicalizer.canonicalize(XMLTree.parse(bytes), method: .exclusive(withComments: true, inclusivePrefixes: []))
        #expect(actual == expected)
    }

    /// C14N forbids relative namespace URIs; libxml2 refuses them, through xmllint and through us.
    @Test func relativeNamespaceURIIsRefusedLikeXmllint() throws {
        let xml = "<r xmlns:a=\"relative/path\"><a:x/></r>"
        let result = try TemporaryDirectory.with { directory in
            try ExternalTool.xmllint.run(["--exc-c14n", directory.write(xml, to: "relative.xml")])
        }
        #expect(result.status != 0)
        let tree = try XMLTree.parse(xml.bytes)
        expectError(.malformed) { try Canonicalizer.canonicalize(tree, method: .exclusive) }
        expectError(.malformed) { try Canonicalizer.canonicalize(tree.root, method: .inclusive10(withComments: false)) }
    }

    /// The corpus is only a cross-check if xmllint's output actually differs between methods.
    @Test func corpusDistinguishesTheMethods() throws {
        let unused = try #require(CanonicalizationCase.all.first { $0.name.hasPrefix("prefixes declared") })
        let subtree = try XMLTree.parse(unused.xml.bytes)
        let exclusive = try Self.xmllint("--exc-c14n", unused.xml)
        let inclusive = try Self.xmllint("--c14n", unused.xml)
        // Exclusive drops the unused declarations even for the whole document.
        #expect(exclusive != inclusive)
        #expect(!String(decoding: exclusive, as: UTF8.self).contains("urn:unused"))
        #expect(String(decoding: inclusive, as: UTF8.self).contains("xmlns:unused=\"urn:unused\""))
        let child = try #require(subtree.root.firstChildElement)
        let exclusiveChild = String(decoding: try Canonicalizer.canonicalize(child, method: .exclusive), as: UTF8.self)
        let inclusiveChild = String(decoding: try Canonicalizer.canonicalize(child, method: .inclusive10(withComments: false)), as: UTF8.self)
        #expect(
            exclusiveChild
                == "<r:v xmlns:r=\"urn:r\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">x</r:v>")
        #expect(
            inclusiveChild
                == "<r:v xmlns:r=\"urn:r\" xmlns:unused=\"urn:unused\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">x</r:v>"
        )
        let withPrefix = try Canonicalizer.canonicalize(child, method: .exclusive(withComments: false, inclusivePrefixes: ["xs"]))
        #expect(
            String(decoding: withPrefix, as: UTF8.self)
                == "<r:v xmlns:r=\"urn:r\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">x</r:v>"
        )
    }

    @Test func withoutCommentsDropsCommentsOnly() throws {
        let xml = "<!--out--><r><!--in-->a<?pi x?><b><!--deep--></b></r><!--out-->"
        let tree = try XMLTree.parse(xml.bytes)
        for method in [
            CanonicalizationMethod.exclusive(withComments: false, inclusivePrefixes: []), .inclusive10(withComments: false),
            .inclusive11(withComments: false),
        ] {
            #expect(String(decoding: try Canonicalizer.canonicalize(tree, method: method), as: UTF8.self) == "<r>a<?pi x?><b></b></r>")
        }
        let withComments = try Canonicalizer.canonicalize(tree, method: .exclusive(withComments: true, inclusivePrefixes: []))
        #expect(String(decoding: withComments, as: UTF8.self) == "<!--out-->\n<r><!--in-->a<?pi x?><b><!--deep--></b></r>\n<!--out-->")
    }

    @Test func excludingRemovesOneSubtree() throws {
        let tree = try XMLTree.parse("<r xmlns:p=\"urn:p\"><a>1</a><p:s><x/></p:s><b>2</b></r>".bytes)
        let signature = Array(tree.root.children)[1]
        let document = try Canonicalizer.canonicalize(tree, method: .exclusive, excluding: signature)
        #expect(String(decoding: document, as: UTF8.self) == "<r><a>1</a><b>2</b></r>")
        let element = try Canonicalizer.canonicalize(tree.root, method: .inclusive10(withComments: false), excluding: signature)
        #expect(String(decoding: element, as: UTF8.self) == "<r xmlns:p=\"urn:p\"><a>1</a><b>2</b></r>")
    }

    /// Inclusive C14N 1.0 of a subtree carries the ancestors' xml: attributes down; 1.1 does so for
    /// xml:lang and xml:space but not xml:id (C14N 1.1 section 2.4); exclusive never does.
    @Test func xmlAttributesInheritedBySubtrees() throws {
        let tree = try XMLTree.parse("<r xml:lang=\"en\" xml:space=\"preserve\" xml:id=\"i\"><a>t</a></r>".bytes)
        let child = try #require(tree.root.firstChildElement)
        func text(_ method: CanonicalizationMethod) throws -> String {
            String(decoding: try Canonicalizer.canonicalize(child, method: method), as: UTF8.self)
        }
        #expect(try text(.inclusive10(withComments: false)) == "<a xml:id=\"i\" xml:lang=\"en\" xml:space=\"preserve\">t</a>")
        #expect(try text(.inclusive11(withComments: false)) == "<a xml:lang=\"en\" xml:space=\"preserve\">t</a>")
        #expect(try text(.exclusive) == "<a>t</a>")
    }

    @Test func methodURIsRoundTrip() {
        let uris = [
            CanonicalizationMethod.exclusiveURI, CanonicalizationMethod.exclusiveWithCommentsURI, CanonicalizationMethod.inclusive10URI,
            CanonicalizationMethod.inclusive10WithCommentsURI, CanonicalizationMethod.inclusive11URI,
            CanonicalizationMethod.inclusive11WithCommentsURI,
        ]
        for uri in uris {
            #expect(CanonicalizationMethod(uri: uri)?.uri == uri)
        }
        #expect(
            CanonicalizationMethod(uri: "http://www.w3.org/2001/10/xml-exc-c14n#", inclusivePrefixes: ["a"])
                == .exclusive(withComments: false, inclusivePrefixes: ["a"]))
        #expect(CanonicalizationMethod(uri: "http://www.w3.org/TR/1999/REC-xpath-19991116") == nil)
        #expect(CanonicalizationMethod(uri: "") == nil)
        #expect(
            CanonicalizationMethod.exclusive(withComments: true, inclusivePrefixes: ["x"]).withoutComments
                == .exclusive(withComments: false, inclusivePrefixes: ["x"]))
        #expect(CanonicalizationMethod.inclusive11(withComments: true).withoutComments == .inclusive11(withComments: false))
        #expect(CanonicalizationMethod.inclusive10(withComments: true).withComments)
        #expect(!CanonicalizationMethod.exclusive.withComments)
    }
}

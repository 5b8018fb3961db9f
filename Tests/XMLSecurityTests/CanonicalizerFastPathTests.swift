import Foundation
import Testing

@testable import XMLSecurity

/// `Canonicalizer.canonicalize(element, method:)` starts libxml2's walk at the element through a
/// transient document header (`canonicalizeFromElement`) instead of walking the whole document with a
/// visibility callback (`canonicalizeInPlace`). Both must produce the same bytes for every element of
/// real IdP documents, or signatures would silently stop verifying.
@Suite struct CanonicalizerFastPathTests {
    static let methods: [CanonicalizationMethod] = [
        .exclusive,
        .exclusive(withComments: true, inclusivePrefixes: []),
        .exclusive(withComments: false, inclusivePrefixes: ["xs", "saml", "#default"]),
        .exclusive(withComments: true, inclusivePrefixes: ["xsi"]),
        .inclusive10(withComments: false),
        .inclusive10(withComments: true),
        .inclusive11(withComments: false),
        .inclusive11(withComments: true),
    ]

    static func allElements(of tree: XMLTree) -> [XMLTreeElement] {
        var elements = [tree.root]
        tree.root.forEachDescendant { elements.append($0) }
        return elements
    }

    static func isInside(_ candidate: XMLTreeElement, _ ancestor: XMLTreeElement) -> Bool {
        var current: XMLTreeElement? = candidate
        while let node = current {
            if node.isSameNode(as: ancestor) { return true }
            current = node.parent
        }
        return false
    }

    @Test func fixturesArePresent() {
        #expect(SAMLFixture.all.count >= 26, "expected the shared SAML fixtures at \(TestPaths.samlFixtures.path)")
        #expect(SAMLFixture.accepted.count == 11)
    }

    @Test(arguments: SAMLFixture.all)
    func fastPathEqualsInPlaceWalkForEveryElement(_ fixture: SAMLFixture) throws {
        let tree = try XMLTree.parse(fixture.responseBytes)
        #expect(Self.allElements(of: tree).count > 5)
        try Self.compareEveryElement(of: tree, label: fixture.name)
    }

    /// The namespace and xml:* corner cases of the C14N corpus, plus xml:base, which C14N 1.1 rewrites
    /// for subtrees by walking the ancestors.
    @Test(
        arguments: CanonicalizationCase.all + [
            CanonicalizationCase(
                name: "xml:base at several levels",
                xml:
                    "<r xml:base=\"http://idp.example.com/a/\" xml:lang=\"en\"><m xml:base=\"b/\"><n><o xml:base=\"../c/d\" xml:space=\"preserve\"><p/></o></n></m></r>"
            )
        ])
    func fastPathEqualsInPlaceWalkForCorpus(_ testCase: CanonicalizationCase) throws {
        try Self.compareEveryElement(of: XMLTree.parse(testCase.xml.bytes), label: testCase.name)
    }

    static func compareEveryElement(of tree: XMLTree, label: String) throws {
        let elements = Self.allElements(of: tree)
        var compared = 0
        for element in elements {
            // Any element outside the subtree: excluding it must not change the result.
            let outsider = elements.first { !Self.isInside($0, element) }
            for method in Self.methods {
                let fast = try Canonicalizer.canonicalizeFromElement(element, method: method) { Array($0) }
                let inPlace = try Canonicalizer.canonicalizeInPlace(element, method: method, excluding: nil) { Array($0) }
                let excludingOutsider = try Canonicalizer.canonicalize(element, method: method, excluding: outsider)
                let publicAPI = try Canonicalizer.canonicalize(element, method: method)
                #expect(fast == inPlace, "\(label): <\(element.localName)> line \(element.line), \(method)")
                #expect(excludingOutsider == inPlace, "\(label): <\(element.localName)> line \(element.line), \(method)")
                #expect(publicAPI == fast)
                #expect(!fast.isEmpty)
                compared += 1
            }
        }
        #expect(compared == elements.count * Self.methods.count)
    }

    /// The fast path must not leak the element's following siblings into the output, which is what a
    /// header starting at the element would walk without the visibility callback.
    @Test func fastPathStopsAtTheElement() throws {
        let tree = try XMLTree.parse("<r><a>1</a><b>2</b><!--c--><d/></r>".bytes)
        let a = try #require(tree.root.firstChildElement)
        for method in Self.methods {
            #expect(try Canonicalizer.canonicalizeFromElement(a, method: method) { Array($0) } == "<a>1</a>".bytes)
        }
    }

    /// Namespaces in scope from ancestors, and an xml:lang two levels up, reach the fast path through
    /// the nodes' own parent pointers.
    @Test func fastPathSeesAncestorContext() throws {
        let xml = "<p:r xmlns:p=\"urn:p\" xmlns=\"urn:d\" xml:lang=\"de\"><p:m><a p:x=\"1\"><p:b/></a></p:m></p:r>"
        let tree = try XMLTree.parse(xml.bytes)
        let a = try #require(tree.root.firstChildElement?.firstChildElement)
        let exclusive = try Canonicalizer.canonicalizeFromElement(a, method: .exclusive) { Array($0) }
        #expect(String(decoding: exclusive, as: UTF8.self) == "<a xmlns=\"urn:d\" xmlns:p=\"urn:p\" p:x=\"1\"><p:b></p:b></a>")
        let inclusive = try Canonicalizer.canonicalizeFromElement(a, method: .inclusive10(withComments: false)) { Array($0) }
        #expect(String(decoding: inclusive, as: UTF8.self) == "<a xmlns=\"urn:d\" xmlns:p=\"urn:p\" xml:lang=\"de\" p:x=\"1\"><p:b></p:b></a>")
    }
}

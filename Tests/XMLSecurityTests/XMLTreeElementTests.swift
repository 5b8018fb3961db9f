import Testing
import XMLSecurity

/// The read-only tree view SAML validation is written against. Text and identifier handling here is
/// what the comment-injection (CVE-2018-7340) and signature-wrapping defences rely on.
@Suite struct XMLTreeElementTests {
    static let saml: StaticString = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let samlp: StaticString = "urn:oasis:names:tc:SAML:2.0:protocol"

    static let response = """
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        xmlns:x="urn:x" ID="_r" x:ID="_namespaced" Destination="https://sp/acs">
          <saml:Issuer>idp</saml:Issuer>
          <!-- between -->
          <samlp:Status><samlp:StatusCode Value="ok"/></samlp:Status>
          <saml:Assertion ID="_a1"><saml:Issuer>idp</saml:Issuer><saml:Subject><saml:NameID>a@b<!-- x -->.c</saml:NameID></saml:Subject></saml:Assertion>
          <x:Issuer>not saml</x:Issuer>
          <saml:Assertion ID="_a2"><saml:Issuer>other</saml:Issuer></saml:Assertion>
        </samlp:Response>
        """

    func tree() throws -> XMLTree { try XMLTree.parse(Self.response.bytes) }

    // MARK: Text

    @Test func textContentContinuesAcrossComments() throws {
        let nameID = try #require(try tree().root.descendants("NameID", in: Self.saml).first)
        #expect(nameID.textContent == "a@b.c")
        #expect(nameID.trimmedTextEquals("a@b.c"))
        #expect(!nameID.trimmedTextEquals("a@b"))
        #expect(nameID.containsCommentOrProcessingInstruction)
    }

    @Test func textContentConcatenatesCDATAAndNestedText() throws {
        let tree = try XMLTree.parse("<r>a<![CDATA[<b>&]]><i>c<?pi x?>d</i>e</r>".bytes)
        #expect(tree.root.textContent == "a<b>&cde")
        #expect(tree.root.trimmedTextEquals("a<b>&cde"))
        #expect(tree.root.containsCommentOrProcessingInstruction)
    }

    @Test func trimmedTextEquals() throws {
        let tree = try XMLTree.parse("<r><a> \n\t alice \r\n</a><b>  </b><c/><d>al<!--z-->ice</d></r>".bytes)
        let children = Array(tree.root.children)
        #expect(children[0].trimmedTextEquals("alice"))
        #expect(!children[0].trimmedTextEquals("alic"))
        #expect(!children[0].trimmedTextEquals("alice "))
        #expect(!children[0].trimmedTextEquals(""))
        #expect(children[1].trimmedTextEquals(""))
        #expect(!children[1].trimmedTextEquals(" "))
        #expect(children[2].trimmedTextEquals(""))
        #expect(children[2].textContent == "")
        #expect(children[3].trimmedTextEquals("alice"))
    }

    @Test func commentAndProcessingInstructionDetection() throws {
        let tree = try XMLTree.parse("<r><a>plain</a><b><i><!--deep--></i></b><c><?pi?></c></r>".bytes)
        let children = Array(tree.root.children)
        #expect(!children[0].containsCommentOrProcessingInstruction)
        #expect(children[1].containsCommentOrProcessingInstruction)
        #expect(children[2].containsCommentOrProcessingInstruction)
        #expect(tree.root.containsCommentOrProcessingInstruction)
        // Outside the element does not count.
        let outside = try XMLTree.parse("<!--before--><r>t</r><?after?>".bytes)
        #expect(!outside.root.containsCommentOrProcessingInstruction)
    }

    @Test func base64DecodedContent() throws {
        let tree = try XMLTree.parse("<r><a>QU\n  JD</a><b>QUJ*</b><c/></r>".bytes)
        let children = Array(tree.root.children)
        #expect(children[0].base64DecodedContent == Array("ABC".utf8))
        #expect(children[1].base64DecodedContent == nil)
        #expect(children[2].base64DecodedContent == [])
    }

    // MARK: Attributes

    @Test func attributeLooksOnlyAtUnnamespacedAttributes() throws {
        let root = try tree().root
        #expect(root.attribute("ID") == "_r")
        #expect(root.attribute("ID", namespace: "urn:x") == "_namespaced")
        #expect(root.attribute("Destination", namespace: "urn:x") == nil)
        #expect(root.attribute("Missing") == nil)
        #expect(root.attributeNames == ["ID", "{urn:x}ID", "Destination"])

        let onlyNamespaced = try XMLTree.parse("<r xmlns:x=\"urn:x\" x:ID=\"a\" empty=\"\"/>".bytes).root
        #expect(onlyNamespaced.attribute("ID") == nil)
        #expect(!onlyNamespaced.attribute("ID", equals: "a"))
        #expect(onlyNamespaced.attribute("empty") == "")
        #expect(onlyNamespaced.attribute("empty", equals: ""))
    }

    @Test func attributeEquals() throws {
        let root = try tree().root
        #expect(root.attribute("Destination", equals: "https://sp/acs"))
        #expect(!root.attribute("Destination", equals: "https://sp/acs/"))
        #expect(!root.attribute("Destination", equals: "https://sp/ac"))
        #expect(!root.attribute("Destination", equals: ""))
        #expect(!root.attribute("Nope", equals: ""))
    }

    /// The comparison is on the whole Swift string, as `attribute(_:) == value` is: a value that only
    /// starts with the attribute's text (up to an embedded NUL) is a different value.
    @Test func attributeEqualsComparesTheWholeValue() throws {
        let root = try XMLTree.parse("<r Destination=\"https://sp/acs\"/>".bytes).root
        let value = "https://sp/acs\u{0}.evil.example"
        let matchesByString = root.attribute("Destination") == value
        let matchesByBytes = root.attribute("Destination", equals: value)
        #expect(!matchesByString)
        #expect(matchesByBytes == matchesByString, "attribute(_:equals:) stops comparing at the NUL and reports a match")
    }

    // MARK: Navigation

    @Test func childrenAreElementsInDocumentOrder() throws {
        let root = try tree().root
        #expect(root.children.map(\.localName) == ["Issuer", "Status", "Assertion", "Issuer", "Assertion"])
        #expect(root.children.count == 5)
        #expect(!root.children.isEmpty)
        #expect(root.children.first?.localName == "Issuer")
        #expect(root.hasChildElements)
        #expect(try #require(root.descendants("NameID", in: Self.saml).first).children.isEmpty)
        #expect(XMLChildElements.empty.count == 0)
        #expect(XMLChildElements.empty.first == nil)
    }

    @Test func childrenNamedMatchesLocalNameAndNamespace() throws {
        let root = try tree().root
        let issuers = Array(root.children("Issuer", in: Self.saml))
        #expect(issuers.count == 1)
        #expect(issuers.first?.textContent == "idp")
        #expect(root.children("Issuer", in: "urn:x").first?.textContent == "not saml")
        #expect(root.children("Assertion", in: Self.saml).map { $0.attribute("ID") } == ["_a1", "_a2"])
        #expect(root.children("Assertion", in: Self.samlp).isEmpty)
        #expect(root.children("NameID", in: Self.saml).isEmpty)  // a descendant, not a child
    }

    @Test func firstChildAndParent() throws {
        let root = try tree().root
        let assertion = try #require(root.firstChild("Assertion", in: Self.saml))
        #expect(assertion.attribute("ID") == "_a1")
        #expect(root.firstChild("StatusCode", in: Self.samlp) == nil)
        #expect(root.firstChildElement?.localName == "Issuer")
        #expect(try #require(assertion.parent).isSameNode(as: root))
        #expect(root.parent == nil)
        #expect(!assertion.isSameNode(as: Array(root.children("Assertion", in: Self.saml))[1]))
    }

    @Test func descendantsAreInDocumentOrderAndExcludeSelf() throws {
        let root = try tree().root
        #expect(root.descendants("Issuer", in: Self.saml).map(\.textContent) == ["idp", "idp", "other"])
        let assertion = try #require(root.firstChild("Assertion", in: Self.saml))
        #expect(assertion.descendants("Assertion", in: Self.saml).isEmpty)
        #expect(assertion.descendants("Issuer", in: Self.saml).count == 1)
        var visited: [String] = []
        assertion.forEachDescendant { visited.append($0.localName) }
        #expect(visited == ["Issuer", "Subject", "NameID"])
    }

    // MARK: Scanning for wrapping attacks

    @Test func scanFindsNamedElementsWithTheirIndex() throws {
        let scan = try tree().root.scan(namedAnyOf: [("Assertion", Self.saml), ("Issuer", Self.saml)])
        #expect(scan.matches.map(\.index) == [1, 0, 1, 0, 1])
        #expect(scan.matches.map(\.element.localName) == ["Issuer", "Assertion", "Issuer", "Assertion", "Issuer"])
        #expect(scan.matches.map { $0.element.textContent }.last == "other")
        #expect(scan.duplicateIdentifier == nil)
        #expect(scan.containsCommentOrProcessingInstruction)
    }

    @Test func scanExcludesTheStartingElementFromMatches() throws {
        let assertion = try #require(try tree().root.firstChild("Assertion", in: Self.saml))
        let scan = assertion.scan(namedAnyOf: [("Assertion", Self.saml)])
        #expect(scan.matches.isEmpty)
    }

    @Test func scanReportsDuplicateIdentifiersIncludingTheStartingElement() throws {
        let tree = try XMLTree.parse("<r ID=\"x\"><a Id=\"y\"/><b><c id=\"x\"/></b></r>".bytes)
        #expect(tree.root.scan(namedAnyOf: []).duplicateIdentifier == "x")
        #expect(tree.firstDuplicateIdentifier() == "x")
        #expect(tree.firstDuplicateIdentifier(attributeNames: ["Id"]) == nil)
        #expect(!tree.root.scan(namedAnyOf: []).containsCommentOrProcessingInstruction)
    }

    @Test func duplicateIdentifierAcrossAttributeNames() throws {
        // An attacker may copy the signed ID into a different identifier attribute.
        let tree = try XMLTree.parse("<r><a ID=\"_s\"/><b Id=\"_s\"/></r>".bytes)
        #expect(tree.firstDuplicateIdentifier() == "_s")
    }

    @Test func namespacedIdentifierAttributesAreNotIdentifiers() throws {
        let tree = try XMLTree.parse("<r xmlns:x=\"urn:x\"><a ID=\"_s\"/><b x:ID=\"_s\"/></r>".bytes)
        #expect(tree.firstDuplicateIdentifier() == nil)
    }

    @Test func manyUniqueIdentifiersThenOneDuplicate() throws {
        // Past 32 identifiers the scan switches representation; the duplicate must still be found.
        let elements = (0..<100).map { "<e ID=\"id\($0)\"/>" }.joined()
        let tree = try XMLTree.parse("<r>\(elements)<e ID=\"id7\"/></r>".bytes)
        #expect(tree.firstDuplicateIdentifier() == "id7")
        let unique = try XMLTree.parse("<r>\(elements)</r>".bytes)
        #expect(unique.firstDuplicateIdentifier() == nil)
    }

    @Test func xswStyleDuplicateInFixture() throws {
        let tree = try XMLTree.parse(SAMLFixture.named("secureworks-injected-duplicate-assertion").responseBytes)
        #expect(tree.firstDuplicateIdentifier() == "e5afbcaa-be69-4b41-ac48-2f23538accdb")
    }

    // MARK: Mutation

    @Test func setTextAndRemove() throws {
        let tree = try XMLTree.parse("<r><a>old<b/></a><c/></r>".bytes)
        let a = try #require(tree.root.firstChildElement)
        a.setText("new <&>")
        #expect(a.textContent == "new <&>")
        #expect(!a.hasChildElements)
        Array(tree.root.children)[1].remove()
        #expect(String(decoding: try Canonicalizer.canonicalize(tree, method: .exclusive), as: UTF8.self) == "<r><a>new &lt;&amp;&gt;</a></r>")
    }
}

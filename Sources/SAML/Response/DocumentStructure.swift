import XMLSecurity

/// One pass over a document collecting what the structural policies look at, so that the several
/// "where is every assertion / signature" questions cost a single tree walk.
struct DocumentStructure {
    let tree: XMLTree
    let root: XMLTreeElement
    /// Every `Assertion` and `EncryptedAssertion`, at any depth, in document order.
    let assertions: [XMLTreeElement]
    /// Every `samlp:Response` below the root.
    let nestedResponses: [XMLTreeElement]
    /// Every `ds:Signature`, at any depth.
    let signatures: [XMLTreeElement]
    /// An `ID` value that occurs twice, if any.
    let duplicateIdentifier: String?
    /// Whether any comment or processing instruction occurs in the document.
    let containsCommentOrProcessingInstruction: Bool

    init(root: XMLTreeElement) {
        self.tree = root.tree
        self.root = root
        var assertions: [XMLTreeElement] = []
        var responses: [XMLTreeElement] = []
        var signatures: [XMLTreeElement] = []
        let scan = root.scan(namedAnyOf: Self.names)
        duplicateIdentifier = scan.duplicateIdentifier
        containsCommentOrProcessingInstruction = scan.containsCommentOrProcessingInstruction
        for (index, element) in scan.matches {
            switch index {
            case 0, 1: assertions.append(element)
            case 2: signatures.append(element)
            default: responses.append(element)
            }
        }
        self.assertions = assertions
        self.nestedResponses = responses
        self.signatures = signatures
    }

    private static let names: [(localName: StaticString, namespace: StaticString)] = [
        ("Assertion", SAMLNamespace.assertion), ("EncryptedAssertion", SAMLNamespace.assertion),
        ("Signature", XMLSignatureNamespace.dsig), ("Response", SAMLNamespace.protocol),
    ]

    /// The single assertion in its legitimate place (a direct child of the root Response), once
    /// ``SingleAssertionPolicy`` has passed.
    var assertion: XMLTreeElement? {
        assertions.count == 1 && assertions[0].parent?.isSameNode(as: root) == true ? assertions[0] : nil
    }
}

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

    init(root: XMLTreeElement) {
        self.tree = root.tree
        self.root = root
        var assertions: [XMLTreeElement] = []
        var responses: [XMLTreeElement] = []
        var signatures: [XMLTreeElement] = []
        root.forEachDescendant { element in
            if element.is("Assertion", in: SAMLNamespace.assertion) || element.is("EncryptedAssertion", in: SAMLNamespace.assertion) {
                assertions.append(element)
            } else if element.is("Signature", in: XMLSignatureNamespace.dsig) {
                signatures.append(element)
            } else if element.is("Response", in: SAMLNamespace.protocol) {
                responses.append(element)
            }
        }
        self.assertions = assertions
        self.nestedResponses = responses
        self.signatures = signatures
    }

    /// The single assertion in its legitimate place (a direct child of the root Response), once
    /// ``SingleAssertionPolicy`` has passed.
    var assertion: XMLTreeElement? {
        assertions.count == 1 && assertions[0].parent?.isSameNode(as: root) == true ? assertions[0] : nil
    }
}

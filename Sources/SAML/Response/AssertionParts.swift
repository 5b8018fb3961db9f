import XMLSecurity

/// The parts of a verified assertion that the claim policies and the identity read, located in one
/// pass over its children (saml-core 2.3.3 fixes their order; we only rely on their names).
struct AssertionParts {
    let issuer: XMLTreeElement?
    let subject: XMLTreeElement?
    let conditions: XMLTreeElement?
    /// More than one Conditions element is malformed; counted so a policy can say so.
    let conditionsCount: Int
    let authnStatement: XMLTreeElement?
    let attributeStatements: [XMLTreeElement]

    init(_ assertion: XMLTreeElement) {
        let a = SAMLNamespace.assertion
        var issuer: XMLTreeElement?
        var subject: XMLTreeElement?
        var conditions: XMLTreeElement?
        var conditionsCount = 0
        var authnStatement: XMLTreeElement?
        var attributeStatements: [XMLTreeElement] = []
        for child in assertion.children {
            if child.is("Issuer", in: a) {
                issuer = issuer ?? child
            } else if child.is("Subject", in: a) {
                subject = subject ?? child
            } else if child.is("Conditions", in: a) {
                conditions = conditions ?? child
                conditionsCount += 1
            } else if child.is("AuthnStatement", in: a) {
                authnStatement = authnStatement ?? child
            } else if child.is("AttributeStatement", in: a) {
                attributeStatements.append(child)
            }
        }
        self.issuer = issuer
        self.subject = subject
        self.conditions = conditions
        self.conditionsCount = conditionsCount
        self.authnStatement = authnStatement
        self.attributeStatements = attributeStatements
    }

    /// The Subject's plain NameID.
    var nameID: XMLTreeElement? {
        subject?.firstChild("NameID", in: SAMLNamespace.assertion)
    }
}

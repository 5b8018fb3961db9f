internal import CLibXML2

/// Signs an element with an enveloped XML Signature in the shape ``EnvelopedSignature`` accepts.
///
/// Used to mint test responses (`gatehouse fixtures saml`) and to sign AuthnRequests' metadata; the
/// verifier is cross-checked against xmlsec1, never only against this signer.
public struct EnvelopedSignatureSigner {
    public var key: PrivateKey
    public var certificate: X509Certificate?
    public var signatureAlgorithm: SignatureAlgorithm
    public var digestAlgorithm: DigestAlgorithm
    public var canonicalization: CanonicalizationMethod

    public init(
        key: PrivateKey, certificate: X509Certificate?, signatureAlgorithm: SignatureAlgorithm,
        digestAlgorithm: DigestAlgorithm = .sha256, canonicalization: CanonicalizationMethod = .exclusive
    ) {
        self.key = key
        self.certificate = certificate
        self.signatureAlgorithm = signatureAlgorithm
        self.digestAlgorithm = digestAlgorithm
        self.canonicalization = canonicalization
    }

    /// Inserts a `ds:Signature` into `element` right after `predecessor` (the `Issuer`, which SAML
    /// requires to come first) or as the first child, and fills in digest and signature value.
    @discardableResult
    public func sign(
        _ element: XMLTreeElement, after predecessor: XMLTreeElement? = nil, identifierAttribute: StaticString = "ID"
    ) throws(XMLSecurityError) -> XMLTreeElement {
        guard let identifier = element.attribute(identifierAttribute) else {
            throw XMLSecurityError(.signatureMalformed, "The element to sign has no \(identifierAttribute) attribute.")
        }
        let document = element.tree.document
        guard let signature = xmlNewDocNode(document, nil, "Signature", nil) else {
            throw XMLSecurityError(.cryptoFailure, "xmlNewDocNode failed.")
        }
        let ns = xmlNewNs(signature, XMLSignatureNamespace.dsig.utf8Start, "ds")
        xmlSetNs(signature, ns)
        if let predecessor {
            xmlAddNextSibling(predecessor.node, signature)
        } else if let first = element.node.pointee.children {
            xmlAddPrevSibling(first, signature)
        } else {
            xmlAddChild(element.node, signature)
        }

        let signedInfo = xmlNewChild(signature, ns, "SignedInfo", nil)
        addMethod(xmlNewChild(signedInfo, ns, "CanonicalizationMethod", nil)!)
        xmlNewProp(xmlNewChild(signedInfo, ns, "SignatureMethod", nil), "Algorithm", signatureAlgorithm.uri)
        let reference = xmlNewChild(signedInfo, ns, "Reference", nil)
        xmlNewProp(reference, "URI", "#" + identifier)
        let transforms = xmlNewChild(reference, ns, "Transforms", nil)
        xmlNewProp(xmlNewChild(transforms, ns, "Transform", nil), "Algorithm", XMLSignatureNamespace.envelopedSignatureTransform)
        addMethod(xmlNewChild(transforms, ns, "Transform", nil)!)
        xmlNewProp(xmlNewChild(reference, ns, "DigestMethod", nil), "Algorithm", digestAlgorithm.uri)
        let digestValue = xmlNewChild(reference, ns, "DigestValue", nil)!
        let signatureValue = xmlNewChild(signature, ns, "SignatureValue", nil)!
        if let certificate {
            let data = xmlNewChild(xmlNewChild(signature, ns, "KeyInfo", nil), ns, "X509Data", nil)
            xmlNewTextChild(data, ns, "X509Certificate", certificate.base64)
        }

        let tree = element.tree
        let signatureElement = XMLTreeElement(tree: tree, node: signature)
        let content = try Canonicalizer.canonicalize(element, method: canonicalization.withoutComments, excluding: signatureElement)
        XMLTreeElement(tree: tree, node: digestValue).setText(Base64.encode(digestAlgorithm.hash(content)))
        let signedBytes = try Canonicalizer.canonicalize(XMLTreeElement(tree: tree, node: signedInfo!), method: canonicalization)
        let value = try key.sign(signedBytes, algorithm: signatureAlgorithm)
        XMLTreeElement(tree: tree, node: signatureValue).setText(Base64.encode(value))
        return signatureElement
    }

    /// Fills a CanonicalizationMethod or Transform: the algorithm, and for exclusive C14N with an
    /// inclusive prefix list the `ec:InclusiveNamespaces` child that tells verifiers about it.
    private func addMethod(_ element: xmlNodePtr) {
        xmlNewProp(element, "Algorithm", canonicalization.uri)
        guard case .exclusive(_, let prefixes) = canonicalization, !prefixes.isEmpty else { return }
        let inclusive = xmlNewChild(element, nil, "InclusiveNamespaces", nil)
        xmlSetNs(inclusive, xmlNewNs(inclusive, XMLSignatureNamespace.exclusiveC14N.utf8Start, "ec"))
        xmlNewProp(inclusive, "PrefixList", prefixes.joined(separator: " "))
    }
}

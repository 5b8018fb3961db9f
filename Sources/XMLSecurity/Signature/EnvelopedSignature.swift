internal import COpenSSL

/// A `ds:Signature` that signs its own parent element: the only shape SAML uses (saml-core 5.4).
///
/// Parsing refuses everything outside that profile before any cryptography runs: exactly one
/// `Reference`, whose URI is `#` + the parent's identifier; transforms limited to enveloped-signature
/// followed by one canonicalization; no `ds:Object`. Keys come only from the caller — `KeyInfo` is read
/// for diagnostics and never used to verify.
public struct EnvelopedSignature {
    /// The `ds:Signature` element.
    public let element: XMLTreeElement
    /// The element the signature covers: the parent of ``element``.
    public let signedElement: XMLTreeElement
    public let canonicalization: CanonicalizationMethod
    public let signatureAlgorithm: SignatureAlgorithm
    public let digestAlgorithm: DigestAlgorithm
    /// How the referenced element is turned into bytes (after the enveloped-signature transform).
    public let referenceCanonicalization: CanonicalizationMethod
    /// Whether the Reference is `URI=""`: the whole document, whose element is ``signedElement``.
    public let referencesWholeDocument: Bool
    /// Base64 certificates found in `KeyInfo/X509Data`, for messages only.
    public let keyInfoCertificates: [String]

    let signedInfo: XMLTreeElement
    let digestValue: [UInt8]
    let signatureValue: [UInt8]

    private static let ns = XMLSignatureNamespace.dsig

    /// Reads and checks the structure of `element`, a `ds:Signature`.
    /// - Parameter identifierAttribute: the parent's ID attribute the reference must name (`ID` in SAML).
    public init(_ element: XMLTreeElement, identifierAttribute: String = "ID") throws(XMLSecurityError) {
        guard element.is("Signature", in: Self.ns) else {
            throw XMLSecurityError(.signatureMalformed, "Expected ds:Signature, found \(element.localName).")
        }
        guard let parent = element.parent else {
            throw XMLSecurityError(.referenceNotEnveloping, "A Signature cannot be the document element.")
        }
        self.element = element
        self.signedElement = parent

        let children = element.children
        guard children.count >= 2, children.count <= 3,
            children[0].is("SignedInfo", in: Self.ns), children[1].is("SignatureValue", in: Self.ns),
            children.count == 2 || children[2].is("KeyInfo", in: Self.ns)
        else {
            let names = children.map(\.localName).joined(separator: ", ")
            throw XMLSecurityError(
                .signatureMalformed,
                "A Signature must hold SignedInfo, SignatureValue and optionally KeyInfo, in that order (found: \(names)); ds:Object is not allowed.")
        }
        signedInfo = children[0]

        let info = signedInfo.children
        guard info.count == 3, info[0].is("CanonicalizationMethod", in: Self.ns), info[1].is("SignatureMethod", in: Self.ns)
        else {
            let references = signedInfo.children("Reference", in: Self.ns).count
            if references > 1 {
                throw XMLSecurityError(.signatureMalformed, "SignedInfo holds \(references) References; exactly one is allowed.")
            }
            throw XMLSecurityError(
                .signatureMalformed, "SignedInfo must hold CanonicalizationMethod, SignatureMethod and exactly one Reference.")
        }
        guard info[2].is("Reference", in: Self.ns) else {
            throw XMLSecurityError(.signatureMalformed, "SignedInfo must end with exactly one Reference.")
        }
        canonicalization = try Self.canonicalizationMethod(info[0], role: "CanonicalizationMethod")
        signatureAlgorithm = try Self.signatureAlgorithm(info[1])

        let reference = info[2]
        referencesWholeDocument = try Self.checkReferenceTarget(
            reference, signedElement: parent, identifierAttribute: identifierAttribute)
        referenceCanonicalization = try Self.transforms(of: reference)
        (digestAlgorithm, digestValue) = try Self.digest(of: reference)

        guard let signatureValue = Base64.decode(children[1].textContent), !signatureValue.isEmpty else {
            throw XMLSecurityError(.signatureMalformed, "SignatureValue is not valid base64.")
        }
        self.signatureValue = signatureValue
        keyInfoCertificates =
            children.count == 3
            ? children[2].descendants("X509Certificate", in: Self.ns).map(\.textContent) : []
    }

    // MARK: Verification

    /// Verifies the reference digest and the signature with the first pinned key that works.
    ///
    /// Returns the key that verified (useful to tell which certificate of a rollover is live).
    /// Fails with `digestMismatch` when the signed content changed, and with `signatureMismatch`
    /// when the content is intact but no pinned key made the signature — the message was signed by
    /// someone else, or the IdP rolled its key over.
    @discardableResult
    public func verify(with keys: [PublicKey], policy: AlgorithmPolicy) throws(XMLSecurityError) -> PublicKey {
        if !policy.allowsSHA1 && (signatureAlgorithm.digest.isSHA1 || digestAlgorithm.isSHA1) {
            throw XMLSecurityError(
                .sha1NotAllowed,
                "The signature uses SHA-1 (\(signatureAlgorithm.digest.isSHA1 ? signatureAlgorithm.uri : digestAlgorithm.uri)), which is not allowed for this IdP.")
        }
        let matching = keys.filter { $0.matches(signatureAlgorithm) }
        guard !matching.isEmpty else {
            let have = keys.map(\.summary).joined(separator: ", ")
            throw XMLSecurityError(
                .noUsableKey, "The signature needs a \(signatureAlgorithm.keyType) key; the pinned keys are: \(have.isEmpty ? "none" : have).")
        }
        let usable = matching.filter { $0.refusal(under: policy) == nil }
        guard !usable.isEmpty else {
            throw XMLSecurityError(.weakKey, "The pinned key is \(matching[0].refusal(under: policy)!).")
        }

        // Both reference forms drop comments before transforms (xmldsig-core 4.4.3.2 and 4.4.3.3).
        let content =
            referencesWholeDocument
            ? try Canonicalizer.canonicalize(element.tree, method: referenceCanonicalization.withoutComments, excluding: element)
            : try Canonicalizer.canonicalize(signedElement, method: referenceCanonicalization.withoutComments, excluding: element)
        let digest = digestAlgorithm.hash(content)
        guard digest.count == digestValue.count, CRYPTO_memcmp(digest, digestValue, digest.count) == 0 else {
            throw XMLSecurityError(
                .digestMismatch, "The digest of the signed element does not match its Reference: the content was changed after signing.")
        }

        let signedInfoBytes = try Canonicalizer.canonicalize(signedInfo, method: canonicalization)
        for key in usable where key.verify(signature: signatureValue, over: signedInfoBytes, algorithm: signatureAlgorithm) {
            return key
        }
        throw XMLSecurityError(
            .signatureMismatch,
            "The SignatureValue does not verify with any of the \(usable.count) pinned key(s); the message was signed with another key.")
    }

    // MARK: Structure checks

    /// Whether the Reference names the parent: `#` + its ID, or `""` (the whole document) when the
    /// parent is the document element — the form saml.oktadev.com and some Java stacks emit.
    private static func checkReferenceTarget(
        _ reference: XMLTreeElement, signedElement: XMLTreeElement, identifierAttribute: String
    ) throws(XMLSecurityError) -> Bool {
        guard let uri = reference.attribute("URI") else {
            throw XMLSecurityError(.referenceNotEnveloping, "The Reference has no URI; it must name its parent element as URI=\"#ID\".")
        }
        if uri.isEmpty {
            guard signedElement.parent == nil else {
                throw XMLSecurityError(
                    .referenceNotEnveloping,
                    "URI=\"\" (the whole document) is only accepted for a Signature on the document element, not inside \(signedElement.localName).")
            }
            return true
        }
        guard uri.hasPrefix("#"), uri.count > 1 else {
            throw XMLSecurityError(.referenceNotEnveloping, "The Reference URI \(uri) is not a same-document reference \"#ID\".")
        }
        guard let identifier = signedElement.attribute(identifierAttribute), !identifier.isEmpty else {
            throw XMLSecurityError(
                .referenceNotEnveloping, "The signed element \(signedElement.localName) has no \(identifierAttribute) attribute.")
        }
        guard uri.dropFirst() == identifier else {
            throw XMLSecurityError(
                .referenceNotEnveloping,
                "The Reference points to \(uri) but the Signature sits in \(signedElement.localName) \(identifierAttribute)=\"\(identifier)\": a signature must cover its own parent.")
        }
        return false
    }

    private static func transforms(of reference: XMLTreeElement) throws(XMLSecurityError) -> CanonicalizationMethod {
        let children = reference.children
        guard children.count == 3, children[0].is("Transforms", in: ns) else {
            throw XMLSecurityError(
                .transformUnsupported, "The Reference must list its Transforms (enveloped-signature, then a canonicalization).")
        }
        let transforms = children[0].children
        guard transforms.allSatisfy({ $0.is("Transform", in: ns) }), let first = transforms.first,
            first.attribute("Algorithm") == XMLSignatureNamespace.envelopedSignatureTransform, !first.hasChildElements
        else {
            throw XMLSecurityError(
                .transformUnsupported, "The first Transform must be enveloped-signature; found \(transforms.first?.attribute("Algorithm") ?? "none").")
        }
        switch transforms.count {
        case 1:
            // xmldsig-core 4.4.3.2: a node-set result is converted with Canonical XML 1.0.
            return .inclusive10(withComments: false)
        case 2:
            return try canonicalizationMethod(transforms[1], role: "Transform")
        default:
            let uris = transforms.dropFirst().compactMap { $0.attribute("Algorithm") }.joined(separator: ", ")
            throw XMLSecurityError(
                .transformUnsupported, "Only enveloped-signature and one canonicalization are allowed as transforms (found also: \(uris)).")
        }
    }

    private static func canonicalizationMethod(_ element: XMLTreeElement, role: String) throws(XMLSecurityError) -> CanonicalizationMethod {
        let uri = element.attribute("Algorithm") ?? ""
        var prefixes: [String] = []
        for child in element.children {
            guard child.is("InclusiveNamespaces", in: XMLSignatureNamespace.exclusiveC14N) else {
                throw XMLSecurityError(.transformUnsupported, "\(role) \(uri) has an unexpected child \(child.localName).")
            }
            prefixes += (child.attribute("PrefixList") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                .map(String.init)
        }
        guard let method = CanonicalizationMethod(uri: uri, inclusivePrefixes: prefixes) else {
            let code: XMLSecurityError.Code = role == "Transform" ? .transformUnsupported : .canonicalizationUnsupported
            throw XMLSecurityError(code, "\(role) \(uri.isEmpty ? "(none)" : uri) is not an accepted canonicalization.")
        }
        if case .exclusive = method {
        } else if !prefixes.isEmpty {
            throw XMLSecurityError(.transformUnsupported, "InclusiveNamespaces only applies to exclusive canonicalization.")
        }
        return method
    }

    private static func signatureAlgorithm(_ element: XMLTreeElement) throws(XMLSecurityError) -> SignatureAlgorithm {
        let uri = element.attribute("Algorithm") ?? ""
        if SignatureAlgorithm.isHMAC(uri) {
            throw XMLSecurityError(
                .signatureAlgorithmUnsupported, "HMAC signatures (\(uri)) are refused: only public-key signatures prove the IdP signed.")
        }
        guard let algorithm = SignatureAlgorithm(rawValue: uri), !element.hasChildElements else {
            throw XMLSecurityError(.signatureAlgorithmUnsupported, "SignatureMethod \(uri.isEmpty ? "(none)" : uri) is not supported.")
        }
        return algorithm
    }

    private static func digest(of reference: XMLTreeElement) throws(XMLSecurityError) -> (DigestAlgorithm, [UInt8]) {
        let children = reference.children
        guard children[1].is("DigestMethod", in: ns), children[2].is("DigestValue", in: ns) else {
            throw XMLSecurityError(.signatureMalformed, "The Reference must hold Transforms, DigestMethod and DigestValue.")
        }
        let uri = children[1].attribute("Algorithm") ?? ""
        guard let algorithm = DigestAlgorithm(rawValue: uri) else {
            throw XMLSecurityError(.digestAlgorithmUnsupported, "DigestMethod \(uri.isEmpty ? "(none)" : uri) is not supported.")
        }
        guard let value = Base64.decode(children[2].textContent), value.count == algorithm.byteCount else {
            throw XMLSecurityError(.signatureMalformed, "DigestValue is not a base64 \(algorithm.byteCount)-byte digest.")
        }
        return (algorithm, value)
    }
}

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
    /// Base64 certificates found in `KeyInfo/X509Data`, for messages only (read on demand).
    public var keyInfoCertificates: [String] {
        keyInfo?.descendants("X509Certificate", in: Self.ns).map(\.textContent) ?? []
    }

    let keyInfo: XMLTreeElement?
    let signedInfo: XMLTreeElement
    let digestValue: [UInt8]
    let signatureValue: [UInt8]

    private static let ns = XMLSignatureNamespace.dsig

    /// Reads and checks the structure of `element`, a `ds:Signature`.
    /// - Parameter identifierAttribute: the parent's ID attribute the reference must name (`ID` in SAML).
    public init(_ element: XMLTreeElement, identifierAttribute: StaticString = "ID") throws(XMLSecurityError) {
        guard element.is("Signature", in: Self.ns) else {
            throw XMLSecurityError(.signatureMalformed, "Expected ds:Signature, found \(element.localName).")
        }
        guard let parent = element.parent else {
            throw XMLSecurityError(.referenceNotEnveloping, "A Signature cannot be the document element.")
        }
        self.element = element
        self.signedElement = parent

        var children = element.children.makeIterator()
        guard let signedInfo = children.next(), signedInfo.is("SignedInfo", in: Self.ns),
            let value = children.next(), value.is("SignatureValue", in: Self.ns)
        else {
            throw Self.unexpectedChildren(of: element)
        }
        let keyInfo = children.next()
        guard keyInfo == nil || keyInfo!.is("KeyInfo", in: Self.ns), children.next() == nil else {
            throw Self.unexpectedChildren(of: element)
        }
        self.signedInfo = signedInfo
        self.keyInfo = keyInfo

        var info = signedInfo.children.makeIterator()
        guard let method = info.next(), method.is("CanonicalizationMethod", in: Self.ns),
            let signatureMethod = info.next(), signatureMethod.is("SignatureMethod", in: Self.ns),
            let reference = info.next(), reference.is("Reference", in: Self.ns), info.next() == nil
        else {
            let references = signedInfo.children("Reference", in: Self.ns).count
            throw XMLSecurityError(
                .signatureMalformed,
                references > 1
                    ? "SignedInfo holds \(references) References; exactly one is allowed."
                    : "SignedInfo must hold CanonicalizationMethod, SignatureMethod and exactly one Reference.")
        }
        canonicalization = try Self.canonicalizationMethod(method, role: "CanonicalizationMethod")
        signatureAlgorithm = try Self.signatureAlgorithm(signatureMethod)

        referencesWholeDocument = try Self.checkReferenceTarget(
            reference, signedElement: parent, identifierAttribute: identifierAttribute)
        var parts = reference.children.makeIterator()
        guard let transforms = parts.next(), transforms.is("Transforms", in: Self.ns) else {
            throw XMLSecurityError(
                .transformUnsupported, "The Reference must list its Transforms (enveloped-signature, then a canonicalization).")
        }
        referenceCanonicalization = try Self.transforms(transforms)
        guard let digestMethod = parts.next(), digestMethod.is("DigestMethod", in: Self.ns),
            let digestValueElement = parts.next(), digestValueElement.is("DigestValue", in: Self.ns), parts.next() == nil
        else {
            throw XMLSecurityError(.signatureMalformed, "The Reference must hold Transforms, DigestMethod and DigestValue, in that order.")
        }
        (digestAlgorithm, digestValue) = try Self.digest(method: digestMethod, value: digestValueElement)

        guard let signatureValue = value.base64DecodedContent, !signatureValue.isEmpty else {
            throw XMLSecurityError(.signatureMalformed, "SignatureValue is not valid base64.")
        }
        self.signatureValue = signatureValue
    }

    private static func unexpectedChildren(of signature: XMLTreeElement) -> XMLSecurityError {
        let names = signature.children.map(\.localName).joined(separator: ", ")
        return XMLSecurityError(
            .signatureMalformed,
            "A Signature must hold SignedInfo, SignatureValue and optionally KeyInfo, in that order (found: \(names)); ds:Object is not allowed.")
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
                "The signature uses SHA-1 (\(signatureAlgorithm.digest.isSHA1 ? signatureAlgorithm.uri : digestAlgorithm.uri)), which is not allowed for this IdP."
            )
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
        let method = referenceCanonicalization.withoutComments
        let digest =
            referencesWholeDocument
            ? try Canonicalizer.withCanonicalBytes(element.tree, method: method, excluding: element, digestAlgorithm.hash)
            : try Canonicalizer.withCanonicalBytes(signedElement, method: method, excluding: element, digestAlgorithm.hash)
        guard digest.count == digestValue.count, CRYPTO_memcmp(digest, digestValue, digest.count) == 0 else {
            throw XMLSecurityError(
                .digestMismatch, "The digest of the signed element does not match its Reference: the content was changed after signing.")
        }

        let verified = try Canonicalizer.withCanonicalBytes(signedInfo, method: canonicalization, excluding: nil) { signedInfoBytes in
            usable.first { $0.verify(signature: signatureValue, over: signedInfoBytes, algorithm: signatureAlgorithm) }
        }
        if let verified { return verified }
        throw XMLSecurityError(
            .signatureMismatch,
            "The SignatureValue does not verify with any of the \(usable.count) pinned key(s); the message was signed with another key.")
    }

    // MARK: Structure checks

    /// Whether the Reference names the parent: `#` + its ID, or `""` (the whole document) when the
    /// parent is the document element — the form saml.oktadev.com and some Java stacks emit.
    private static func checkReferenceTarget(
        _ reference: XMLTreeElement, signedElement: XMLTreeElement, identifierAttribute: StaticString
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
        guard uri.utf8.first == UInt8(ascii: "#"), uri.utf8.count > 1 else {
            throw XMLSecurityError(.referenceNotEnveloping, "The Reference URI \(uri) is not a same-document reference \"#ID\".")
        }
        guard let identifier = signedElement.attribute(identifierAttribute), !identifier.isEmpty else {
            throw XMLSecurityError(
                .referenceNotEnveloping, "The signed element \(signedElement.localName) has no \(identifierAttribute) attribute.")
        }
        guard uri.dropFirst() == identifier else {
            throw XMLSecurityError(
                .referenceNotEnveloping,
                "The Reference points to \(uri) but the Signature sits in \(signedElement.localName) \(identifierAttribute)=\"\(identifier)\": a signature must cover its own parent."
            )
        }
        return false
    }

    private static func transforms(_ element: XMLTreeElement) throws(XMLSecurityError) -> CanonicalizationMethod {
        var transforms = element.children.makeIterator()
        guard let first = transforms.next(), first.is("Transform", in: ns),
            first.attribute("Algorithm", equals: XMLSignatureNamespace.envelopedSignatureTransform), !first.hasChildElements
        else {
            throw XMLSecurityError(
                .transformUnsupported,
                "The first Transform must be enveloped-signature; found \(element.children.first?.attribute("Algorithm") ?? "none").")
        }
        guard let second = transforms.next() else {
            // xmldsig-core 4.4.3.2: a node-set result is converted with Canonical XML 1.0.
            return .inclusive10(withComments: false)
        }
        guard second.is("Transform", in: ns), transforms.next() == nil else {
            let uris = element.children.dropFirst().compactMap { $0.attribute("Algorithm") }.joined(separator: ", ")
            throw XMLSecurityError(
                .transformUnsupported, "Only enveloped-signature and one canonicalization are allowed as transforms (found also: \(uris)).")
        }
        return try canonicalizationMethod(second, role: "Transform")
    }

    private static func canonicalizationMethod(_ element: XMLTreeElement, role: String) throws(XMLSecurityError) -> CanonicalizationMethod {
        // The overwhelmingly common case, recognised without building the URI string.
        if !element.hasChildElements, element.attribute("Algorithm", equals: CanonicalizationMethod.exclusiveURI) {
            return .exclusive
        }
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
        if !element.hasChildElements, let known = SignatureAlgorithm.allCases.first(where: { element.attribute("Algorithm", equals: $0.uri) }) {
            return known
        }
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

    private static func digest(method: XMLTreeElement, value: XMLTreeElement) throws(XMLSecurityError) -> (DigestAlgorithm, [UInt8]) {
        guard let algorithm = DigestAlgorithm.allCases.first(where: { method.attribute("Algorithm", equals: $0.uri) }) else {
            let uri = method.attribute("Algorithm") ?? ""
            throw XMLSecurityError(.digestAlgorithmUnsupported, "DigestMethod \(uri.isEmpty ? "(none)" : uri) is not supported.")
        }
        guard let bytes = value.base64DecodedContent, bytes.count == algorithm.byteCount else {
            throw XMLSecurityError(.signatureMalformed, "DigestValue is not a base64 \(algorithm.byteCount)-byte digest.")
        }
        return (algorithm, bytes)
    }
}

import XMLSecurity

/// The Issuer a response claims, read before anything is verified, only to pick which IdP's keys
/// and options to validate it with (an IdP-initiated response answers no request that would say).
///
/// Routing on an unverified value is safe because ``ResponseValidator`` then requires the Issuer to
/// equal the chosen IdP's entityID and a signature by that IdP's pinned keys; a forged Issuer only
/// selects the wrong keys and fails.
public enum ResponseIssuer {
    public static func unverified(_ input: [UInt8], limits: XMLParserLimits = .default) throws(SAMLError) -> String {
        let xml = try ResponseInput.xmlBytes(from: input, limits: limits)
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(xml, limits: limits)
        } catch {
            throw SAMLError(parsing: error)
        }
        let root = tree.root
        guard root.is("Response", in: SAMLNamespace.protocol) else {
            throw SAMLError(.notAResponse, "The document element is \(root.localName), not samlp:Response.")
        }
        let issuer =
            root.firstChild("Issuer", in: SAMLNamespace.assertion)
            ?? root.firstChild("Assertion", in: SAMLNamespace.assertion)?.firstChild("Issuer", in: SAMLNamespace.assertion)
        guard let name = issuer?.textContent.trimmingSAMLWhitespace, !name.isEmpty else {
            throw SAMLError(.issuerMismatch, "The response names no Issuer, so no IdP can be chosen to verify it.")
        }
        return name
    }
}

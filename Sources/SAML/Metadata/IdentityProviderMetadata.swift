import Foundation
import XMLSecurity

/// What an IdP publishes about itself (saml-metadata 2.4.3), as imported by an IT admin.
public struct IdentityProviderMetadata: Sendable {
    public var entityID: String
    /// Certificates of `KeyDescriptor`s with `use="signing"` or no `use`, in document order.
    public var signingCertificates: [X509Certificate]
    /// `SingleSignOnService` locations by binding URI (the first one per binding).
    public var singleSignOnServices: [String: String]
    public var nameIDFormats: [String]
    public var wantsAuthnRequestsSigned: Bool
    /// The metadata's own `validUntil`, shown to admins; not enforced on logins.
    public var validUntil: Date?

    /// Largest metadata accepted: federation aggregates run to tens of megabytes.
    public static let defaultLimits = XMLParserLimits(maxBytes: 64 * 1024 * 1024, maxDepth: 64)

    /// Reads an `EntityDescriptor`, or picks one IdP out of an `EntitiesDescriptor`.
    /// - Parameter entityID: which IdP to take; required when the document holds several.
    public static func parse(
        _ bytes: [UInt8], entityID: String? = nil, limits: XMLParserLimits = defaultLimits
    ) throws(SAMLError) -> IdentityProviderMetadata {
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(bytes, limits: limits)
        } catch {
            throw SAMLError(.metadataInvalid, "The metadata is not acceptable XML: \(error.message)")
        }
        let md = SAMLNamespace.metadata
        let root = tree.root
        var entities: [XMLTreeElement]
        if root.is("EntityDescriptor", in: md) {
            entities = [root]
        } else if root.is("EntitiesDescriptor", in: md) {
            entities = root.descendants("EntityDescriptor", in: md)
        } else {
            throw SAMLError(
                .metadataInvalid, "The document element is \(root.localName), not md:EntityDescriptor or md:EntitiesDescriptor.")
        }
        entities = entities.filter { $0.firstChild("IDPSSODescriptor", in: md) != nil }

        let entity: XMLTreeElement
        if let entityID {
            guard let match = entities.first(where: { $0.attribute("entityID") == entityID }) else {
                throw SAMLError(.metadataEntityNotFound, "The metadata has no IdP with entityID \(entityID).")
            }
            entity = match
        } else {
            guard entities.count == 1 else {
                let names = entities.prefix(5).compactMap { $0.attribute("entityID") }.joined(separator: ", ")
                throw SAMLError(
                    .metadataEntityNotFound,
                    entities.isEmpty
                        ? "The metadata describes no IdP (no IDPSSODescriptor)."
                        : "The metadata describes \(entities.count) IdPs (\(names)\(entities.count > 5 ? ", …" : "")); name the one to use.")
            }
            entity = entities[0]
        }
        return try IdentityProviderMetadata(entity: entity)
    }

    private init(entity: XMLTreeElement) throws(SAMLError) {
        let md = SAMLNamespace.metadata
        guard let entityID = entity.attribute("entityID"), !entityID.isEmpty else {
            throw SAMLError(.metadataInvalid, "The EntityDescriptor has no entityID.")
        }
        guard
            let descriptor = entity.children("IDPSSODescriptor", in: md).first(where: {
                ($0.attribute("protocolSupportEnumeration") ?? "").split(separator: " ").contains { $0 == SAMLIdentifier.protocolSupport }
            })
        else {
            throw SAMLError(.metadataInvalid, "IdP \(entityID) has no IDPSSODescriptor supporting SAML 2.0.")
        }
        self.entityID = entityID

        var certificates: [X509Certificate] = []
        for keyDescriptor in descriptor.children("KeyDescriptor", in: md) {
            let use = keyDescriptor.attribute("use") ?? "signing"
            guard use == "signing" else { continue }
            for element in keyDescriptor.descendants("X509Certificate", in: XMLSignatureNamespace.dsig) {
                do {
                    let certificate = try X509Certificate(base64: element.textContent)
                    if !certificates.contains(where: { $0.der == certificate.der }) {
                        certificates.append(certificate)
                    }
                } catch {
                    throw SAMLError(.metadataInvalid, "IdP \(entityID) has a signing certificate that cannot be read: \(error.message)")
                }
            }
        }
        guard !certificates.isEmpty else {
            throw SAMLError(
                .metadataNoSigningKey,
                "IdP \(entityID) publishes no signing certificate (KeyDescriptor use=\"signing\" with X509Certificate); Gatehouse never trusts keys sent inside messages."
            )
        }
        signingCertificates = certificates

        var services: [String: String] = [:]
        for service in descriptor.children("SingleSignOnService", in: md) {
            guard let binding = service.attribute("Binding"), let location = service.attribute("Location"), !location.isEmpty else {
                continue
            }
            if services[binding] == nil { services[binding] = location }
        }
        guard !services.isEmpty else {
            throw SAMLError(.metadataNoSSOEndpoint, "IdP \(entityID) publishes no SingleSignOnService endpoint.")
        }
        singleSignOnServices = services
        nameIDFormats = descriptor.children("NameIDFormat", in: md).map { $0.textContent.trimmingCharacters(in: .whitespacesAndNewlines) }
        wantsAuthnRequestsSigned = descriptor.attribute("WantAuthnRequestsSigned") == "true"
        validUntil = entity.attribute("validUntil").flatMap(SAMLDateTime.parse)
    }
}

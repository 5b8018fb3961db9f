import ArgumentParser
import Foundation
import SAML
import XMLSecurity

/// How the trusted IdP is named on the command line: by metadata, or by certificate(s) and entityID.
struct IdentityProviderOptions: ParsableArguments {
    @Option(name: .customLong("idp-metadata"), help: "IdP metadata file (EntityDescriptor or EntitiesDescriptor).")
    var metadataPath: String?

    @Option(name: .customLong("idp-cert"), help: "Pinned IdP signing certificate (PEM); repeat for a key rollover.")
    var certificatePaths: [String] = []

    @Option(name: .customLong("idp-entity-id"), help: "The IdP entityID (required with --idp-cert; picks one IdP from an EntitiesDescriptor).")
    var entityID: String?

    func validate() throws {
        switch (metadataPath, certificatePaths.isEmpty) {
        case (nil, true): throw ValidationError("Name the IdP with --idp-metadata FILE or with --idp-cert PEM --idp-entity-id ID.")
        case (.some, false): throw ValidationError("Use either --idp-metadata or --idp-cert, not both.")
        case (nil, false) where entityID == nil: throw ValidationError("--idp-cert needs --idp-entity-id.")
        default: break
        }
    }

    func identityProvider(options: IdentityProvider.Options) throws(CommandError) -> IdentityProvider {
        if let metadataPath {
            let bytes = try InputFile.bytes(metadataPath, what: "IdP metadata")
            do {
                return try IdentityProvider(metadata: IdentityProviderMetadata.parse(bytes, entityID: entityID), options: options)
            } catch {
                throw CommandError("\(metadataPath): \(error.code.rawValue): \(error.message)")
            }
        }
        var certificates: [X509Certificate] = []
        for path in certificatePaths {
            let pem = try InputFile.text(path, what: "IdP certificate")
            do {
                certificates += try X509Certificate.all(pem: pem)
            } catch {
                throw CommandError("\(path): \(error.message)")
            }
        }
        do {
            return try IdentityProvider(entityID: entityID ?? "", signingCertificates: certificates, options: options)
        } catch {
            throw CommandError("\(error.code.rawValue): \(error.message)")
        }
    }
}

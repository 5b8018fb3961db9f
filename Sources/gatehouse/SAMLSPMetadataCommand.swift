import ArgumentParser
import Foundation
import SAML
import XMLSecurity

/// `gatehouse saml sp-metadata`: the metadata an IdP admin imports to set up Gatehouse.
struct SAMLSPMetadataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sp-metadata", abstract: "Print this SP's SAML metadata (EntityDescriptor).")

    @Option(name: .customLong("sp-entity-id"), help: "Our SP entityID.")
    var spEntityID: String

    @Option(name: .customLong("acs-url"), help: "Our Assertion Consumer Service URL (HTTP-POST).")
    var acsURL: String

    @Option(name: .customLong("signing-cert"), help: "SP signing certificate (PEM), published for AuthnRequest signatures.")
    var signingCertificatePath: String?

    @Option(name: .customLong("signing-key"), help: "SP signing key (PEM); with it the metadata says AuthnRequestsSigned=\"true\".")
    var signingKeyPath: String?

    @Option(name: .customLong("encryption-cert"), help: "SP encryption certificate (PEM) the IdP should encrypt assertions to.")
    var encryptionCertificatePath: String?

    @Option(name: .customLong("name-id-format"), help: "NameID format to request; repeatable (default: emailAddress, persistent).")
    var nameIDFormats: [String] = []

    func run() throws {
        var serviceProvider = ServiceProvider(entityID: spEntityID, assertionConsumerServiceURL: acsURL)
        if !nameIDFormats.isEmpty { serviceProvider.nameIDFormats = nameIDFormats }
        do {
            if let path = signingCertificatePath {
                serviceProvider.signingCertificate = try X509Certificate(pem: try InputFile.text(path, what: "signing certificate"))
            }
            if let path = signingKeyPath {
                let key = try PrivateKey(pem: try InputFile.text(path, what: "signing key"))
                guard let certificate = serviceProvider.signingCertificate, certificate.publicKey.isSameKey(as: key.publicKey) else {
                    throw CommandError("--signing-key needs the matching --signing-cert.")
                }
                serviceProvider.signingKey = key
            }
            if let path = encryptionCertificatePath {
                serviceProvider.encryptionCertificate = try X509Certificate(pem: try InputFile.text(path, what: "encryption certificate"))
            }
        } catch let error as XMLSecurityError {
            throw CommandError(error.message)
        }
        print(ServiceProviderMetadata.xml(for: serviceProvider), terminator: "")
    }
}

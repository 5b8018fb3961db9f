import ArgumentParser
import Foundation
import GatehouseCore
import SAML
import XMLSecurity

/// `gatehouse saml authn-request`: the redirect URL that starts an SP-initiated login.
struct SAMLAuthnRequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authn-request",
        abstract: "Print an HTTP-Redirect AuthnRequest URL for an IdP, and the request ID to expect back.")

    @OptionGroup var idp: IdentityProviderOptions

    @Option(name: .customLong("sso-url"), help: "IdP SSO URL (default: the HTTP-Redirect endpoint in its metadata).")
    var ssoURL: String?

    @Option(name: .customLong("sp-entity-id"), help: "Our SP entityID.")
    var spEntityID: String

    @Option(name: .customLong("acs-url"), help: "Our ACS URL.")
    var acsURL: String

    @Option(name: .customLong("relay-state"), help: "RelayState to carry through the login (at most 80 bytes).")
    var relayState: String?

    @Option(name: .customLong("signing-key"), help: "SP key (PEM) to sign the request with RSA-SHA256.")
    var signingKeyPath: String?

    @Flag(name: .customLong("force-authn"), help: "Ask the IdP to re-authenticate the user.")
    var forceAuthn = false

    func run() throws {
        let identityProvider = try idp.identityProvider(options: .init())
        guard let destination = ssoURL ?? identityProvider.singleSignOnServices[SAMLIdentifier.httpRedirectBinding] else {
            throw CommandError("The IdP metadata has no HTTP-Redirect SingleSignOnService; pass --sso-url.")
        }
        var key: PrivateKey?
        if let signingKeyPath {
            do {
                key = try PrivateKey(pem: try InputFile.text(signingKeyPath, what: "signing key"))
            } catch let error as XMLSecurityError {
                throw CommandError(error.message)
            }
        }
        let request = AuthnRequest(
            serviceProvider: ServiceProvider(entityID: spEntityID, assertionConsumerServiceURL: acsURL),
            destination: destination, issueInstant: CommandLineClock.make(pinnedTo: nil).now, forceAuthn: forceAuthn)
        do {
            print(try request.redirectURL(relayState: relayState, signingKey: key))
        } catch {
            throw CommandError(error.message)
        }
        FileHandle.standardError.write(Data("request id: \(request.id)\n".utf8))
    }
}

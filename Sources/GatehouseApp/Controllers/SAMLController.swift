import Foundation
import GatehouseCore
import Hummingbird
import Logging
import SAML

/// The SAML service provider: metadata, SP-initiated login (HTTP-Redirect) and the ACS (HTTP-POST).
///
/// A login is bound to the browser that started it: `/saml/login` stores the AuthnRequest ID with the
/// digest of a random browser key kept in a cookie and sends the ID as RelayState; the ACS takes the
/// pending request only with both, so a response cannot be injected into another browser (login CSRF)
/// and each request is answered once. Responses without that binding are unsolicited and accepted
/// only from IdPs configured to allow them.
struct SAMLController {
    static let requestLifetime: TimeInterval = 600
    static let responseBodyLimit = 1 << 20
    let serviceProvider: ServiceProvider
    let identityProviders: IdentityProviderDirectory
    let samlRequests: any SAMLRequestRepository
    let flow: ExternalSignInFlow
    let pages: PageRenderer
    let defaultDestination: String
    let imageOrigins: [String]
    let browserKeyCookie: String
    let secure: Bool

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/saml/metadata", use: metadata)
        router.get("/saml/login", use: login)
        router.post("/saml/acs", use: assertionConsumerService)
    }

    @Sendable func metadata(_ request: Request, context: AppRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/samlmetadata+xml", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: ServiceProviderMetadata.xml(for: serviceProvider))))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = request.uri.queryParameters["idp"].map(String.init) ?? ""
        guard let provider = try await identityProviders.provider(named: name) else {
            throw await refusal(Reasons.identityProviderUnknown, "no IdP named \(name.prefix(64).debugDescription)", method: .saml, context: context)
        }
        guard let destination = provider.redirectURL ?? provider.postURL else {
            throw await refusal(
                ReasonCode(SAMLError.Code.metadataNoSSOEndpoint.rawValue)!,
                "IdP \(provider.name) has no HTTP-Redirect or HTTP-POST SingleSignOnService",
                method: .saml, context: context)
        }
        let returnTo =
            ReturnPath(request.uri.queryParameters["return_to"].map(String.init))?.path ?? defaultDestination
        let now = flow.clock.now
        let browserKey = presentedBrowserKey(request) ?? OneTimeToken().value
        let authnRequest = AuthnRequest(serviceProvider: serviceProvider, destination: destination, issueInstant: now)
        try await samlRequests.track(
            PendingSAMLRequest(
                requestID: authnRequest.id, identityProvider: provider.name, browserKeyDigest: OneTimeToken.digest(of: browserKey),
                returnTo: returnTo, createdAt: now, expiresAt: now.addingTimeInterval(Self.requestLifetime)))
        // Requests are signed whenever we have a key (IdPs that want them signed need one configured).
        let signingKey = serviceProvider.signingKey
        var response: Response
        if provider.redirectURL != nil {
            let location = try authnRequest.redirectURL(relayState: authnRequest.id, signingKey: signingKey)
            response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        } else {
            let value = try authnRequest.postValue(signingKey: signingKey, certificate: serviceProvider.signingCertificate)
            response = try postPage(to: destination, samlRequest: value, relayState: authnRequest.id, context: context)
                .response(from: request, context: context)
        }
        response.setCookie(browserKeyCookie(value: browserKey))
        return response
    }

    /// The HTTP-POST binding: a form the browser submits to the IdP, by a script from our origin (the
    /// CSP forbids inline script) or by the user's click. Its CSP allows that one form target.
    private func postPage(to destination: String, samlRequest: String, relayState: String, context: AppRequestContext) throws -> HTMLPage {
        guard let target = URLComponents(string: destination), let scheme = target.scheme, let host = target.host else {
            throw Rejection.refusing(ReasonCode(SAMLError.Code.metadataInvalid.rawValue)!, "the HTTP-POST SingleSignOnService is not a URL")
        }
        let origin = "\(scheme)://\(host)" + (target.port.map { ":\($0)" } ?? "")
        let chrome = pages.chrome(context, title: \.continueHeading)
        var page = pages.page(SAMLPostPage(chrome: chrome, action: destination, samlRequest: samlRequest, relayState: relayState))
        page.contentSecurityPolicy = SecurityHeadersMiddleware<AppRequestContext>.contentSecurityPolicy(
            formAction: origin, scripts: true, imageOrigins: imageOrigins)
        return page
    }

    @Sendable func assertionConsumerService(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.responseBodyLimit)
        let form = FormFields(String(buffer: body))
        guard let samlResponse = form["SAMLResponse"], !samlResponse.isEmpty else {
            throw await refusal(ReasonCode(SAMLError.Code.encodingInvalid.rawValue)!, "no SAMLResponse form field", method: .saml, context: context)
        }
        let relayState = form["RelayState"]
        let now = flow.clock.now
        let input = Array(samlResponse.utf8)

        // Which IdP, which request, and where to go afterwards.
        let provider: ConfiguredIdentityProvider
        let expectedRequestID: String?
        // The request is read here and taken in the sign-in's commit (or the refusal's): used once either way.
        var answering: SignInCommit.RequestTake?
        var returnTo = defaultDestination
        if let relayState, AuthnRequest.isRequestID(relayState) {
            guard let browserKey = presentedBrowserKey(request),
                let pending = try await samlRequests.pending(
                    requestID: relayState, browserKeyDigest: OneTimeToken.digest(of: browserKey), at: now),
                let found = try await identityProviders.provider(named: pending.identityProvider)
            else {
                throw await refusal(
                    Reasons.requestUnknown,
                    "RelayState names request \(relayState) that this browser has not outstanding (expired, used or other browser)",
                    method: .saml, context: context)
            }
            provider = found
            expectedRequestID = pending.requestID
            answering = SignInCommit.RequestTake(requestID: pending.requestID, browserKeyDigest: pending.browserKeyDigest)
            returnTo = pending.returnTo
        } else {
            let issuer: String
            do {
                issuer = try ResponseIssuer.unverified(input)
            } catch {
                throw await refusal(ReasonCode(error.code.rawValue)!, error.message, method: .saml, context: context)
            }
            guard let found = try await identityProviders.provider(entityID: issuer) else {
                throw await refusal(
                    Reasons.identityProviderUnknown, "no IdP with entityID \(issuer.prefix(200).debugDescription)", method: .saml, context: context)
            }
            provider = found
            expectedRequestID = nil
            if let path = ReturnPath(relayState) { returnTo = path.path }
        }

        // Verify; the flow then records the assertion ID in the persistent replay ledger before anything is granted.
        let use = RecordedAssertionUse()
        let validator = ResponseValidator(serviceProvider: serviceProvider, identityProvider: provider.identityProvider, replayCache: use)
        let assertion: VerifiedAssertion
        do {
            assertion = try validator.validate(input, expectedRequestID: expectedRequestID, now: now)
        } catch {
            throw await refusal(
                ReasonCode(error.code.rawValue)!, error.message, method: .saml, context: context, issuer: provider.entityID, taking: answering)
        }
        guard let recorded = use.use else {
            throw await refusal(
                ReasonCode(SAMLError.Code.replayCacheUnavailable.rawValue)!, "the validator recorded no assertion use", method: .saml,
                context: context, taking: answering)
        }
        let replay = ExternalSignInFlow.ReplayKey(
            namespace: "saml:" + recorded.issuer, key: recorded.assertionID, until: recorded.expiry,
            replayed: .refusing(
                ReasonCode(SAMLError.Code.replayed.rawValue)!, "assertion \(recorded.assertionID) from \(recorded.issuer) was already used"))
        var response = try await flow.complete(
            provider.attributes.identity(from: assertion), issuer: provider.entityID, replay: replay, answering: answering, returnTo: returnTo,
            request: request, context: context)
        if expectedRequestID != nil { response.setCookie(browserKeyCookie(value: "", maxAge: 0)) }
        return response
    }

    private func presentedBrowserKey(_ request: Request) -> String? {
        guard let value = request.cookies[browserKeyCookie]?.value, value.utf8.count == 43, value.utf8.allSatisfy(\.isBase64URL) else { return nil }
        return String(value)
    }

    /// The ACS is a cross-site POST from the IdP's page: on https the cookie must be `SameSite=None;
    /// Secure` to come along (and `__Secure-` prefixed; `__Host-` would demand `Path=/`). On plain-http
    /// loopback (the demo) `Lax` works because the IdP's page is on the same site.
    private func browserKeyCookie(value: String, maxAge: Int = Int(Self.requestLifetime)) -> Cookie {
        secure
            ? Cookie(name: browserKeyCookie, value: value, maxAge: maxAge, path: "/saml", secure: true, httpOnly: true, sameSite: .none)
            : Cookie(name: browserKeyCookie, value: value, maxAge: maxAge, path: "/saml", secure: false, httpOnly: true, sameSite: .lax)
    }

    private func refusal(
        _ code: ReasonCode, _ detail: String, method: AuthenticationMethod, context: AppRequestContext, issuer: String? = nil,
        taking request: SignInCommit.RequestTake? = nil
    ) async -> Rejection {
        await flow.refused(.refusing(code, detail), method: method, issuer: issuer, taking: request, context: context)
    }
}

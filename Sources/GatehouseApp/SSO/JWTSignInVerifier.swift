import Foundation
import GatehouseCore
import JWTKit
import Synchronization

/// Verifies a sign-in JWT for `/sso/jwt`: strict parsing and the algorithm pin first, then the
/// signature with jwt-kit against exactly one app's key, then the claim rules.
///
/// jwt-kit falls back to its default key when a `kid` is unknown and trusts the header's `alg`, so the
/// app is chosen here — by `kid` when the token has one (it must equal the app id), otherwise by the
/// unverified `iss` matching exactly one app — and each verification uses a key collection holding
/// only that app's key.
public final class JWTSignInVerifier: Sendable {
    let apps: JWTAppDirectory
    /// The `aud` expected from apps stored without one: this gateway's base URL origin.
    let defaultAudience: String
    private let keyCollections = Mutex<[String: (key: String, collection: JWTKeyCollection)]>([:])

    public init(apps: JWTAppDirectory, defaultAudience: String) {
        self.apps = apps
        self.defaultAudience = defaultAudience
    }

    /// The app and claims of a valid token; throws a ``Rejection`` with a `jwt.` reason otherwise.
    public func verify(_ token: String, now: Date) async throws -> (app: JWTApp, claims: VerifiedJWTClaims) {
        let jwt = try CompactJWT(token)
        let app = try await chooseApp(for: jwt)
        guard jwt.algorithm == app.algorithm.rawValue else {
            throw Self.rejection(
                Reasons.jwtAlgorithm, "alg \(jwt.algorithm.debugDescription) but app \(app.id) is pinned to \(app.algorithm.rawValue)")
        }
        let keys = try await collection(for: app)
        do {
            _ = try await keys.verify(token, as: SignatureOnly.self)
        } catch {
            throw Self.rejection(Reasons.jwtSignature, "the signature does not verify with app \(app.id)'s key")
        }
        let rules = JWTClaimRules(issuer: app.issuer, audience: app.audience.isEmpty ? defaultAudience : app.audience, maximumAge: app.maxAge)
        return (app, try rules.check(jwt.payload, now: now))
    }

    private func chooseApp(for jwt: CompactJWT) async throws -> JWTApp {
        let all = try await apps.all()
        if let keyID = jwt.keyID {
            guard let app = all.first(where: { $0.id == keyID }) else {
                throw Self.rejection(Reasons.jwtKeyUnknown, "kid \(keyID.prefix(64).debugDescription) names no configured JWT app")
            }
            return app
        }
        let issuer = jwt.payload["iss"]?.stringValue
        let matches = all.filter { $0.issuer == issuer }
        guard matches.count == 1 else {
            throw Self.rejection(
                Reasons.jwtAppUnknown,
                matches.isEmpty
                    ? "no JWT app has issuer \((issuer ?? "(none)").prefix(128).debugDescription)"
                    : "several JWT apps have issuer \(issuer!.debugDescription); the token must name one with kid")
        }
        return matches[0]
    }

    private func collection(for app: JWTApp) async throws -> JWTKeyCollection {
        if let cached = keyCollections.withLock({ $0[app.id] }), cached.key == app.key { return cached.collection }
        let collection = JWTKeyCollection()
        do {
            switch app.algorithm {
            case .hs256:
                await collection.add(hmac: HMACKey(from: app.key), digestAlgorithm: .sha256)
            case .rs256:
                await collection.add(rsa: try Insecure.RSA.PublicKey(pem: app.key), digestAlgorithm: .sha256)
            case .es256:
                await collection.add(ecdsa: try ES256PublicKey(pem: app.key))
            }
        } catch {
            throw Self.rejection(Reasons.jwtKeyUnknown, "app \(app.id)'s \(app.algorithm.rawValue) public key cannot be read")
        }
        keyCollections.withLock { $0[app.id] = (app.key, collection) }
        return collection
    }

    static func rejection(_ code: ReasonCode, _ detail: String) -> Rejection {
        Rejection(code: code, summary: Reasons.summary(of: code), detail: detail)
    }
}

/// jwt-kit checks the signature; the claims were parsed strictly beforehand and are checked by
/// ``JWTClaimRules``, so its payload decoding reads nothing.
struct SignatureOnly: JWTPayload {
    init(from decoder: any Decoder) throws {}
    func encode(to encoder: any Encoder) throws {}
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

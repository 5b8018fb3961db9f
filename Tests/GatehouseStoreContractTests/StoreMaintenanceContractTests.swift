import Foundation
import GatehouseCore
import Testing

@Suite struct StoreMaintenanceContractTests {
    let now = contractNow
    let day: TimeInterval = 86_400

    @Test("probe returns on a working store", arguments: StoreKind.testedKinds)
    func probe(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.maintenance.probe()
            try await repositories.maintenance.probe()
        }
    }

    /// The kinds and cut-offs of `AppDatabase.purgeExpired(now:)`: sessions, SAML requests and replay entries
    /// at expiry; email tokens a day after expiry; rate-limit events and password attempts after a day;
    /// completed account requests after a week; trusted devices unused for 180 days.
    @Test("purgeExpired deletes exactly what has expired, by kind, and keeps the rest", arguments: StoreKind.testedKinds)
    func purgeExpired(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            #expect(try await repositories.maintenance.purgeExpired(now: now).values.reduce(0, +) == 0)
            try await repositories.sessions.set(keyDigest: "old", value: Data("{}".utf8), expiresAt: now, contactID: nil)
            try await repositories.sessions.set(keyDigest: "live", value: Data("{}".utf8), expiresAt: now + 60, contactID: nil)
            for (key, until, at) in [("a", now - 1, now - 100), ("b", now + 60, now)] {
                _ = try await repositories.signIns.commit(
                    SignInCommit(replay: SignInCommit.ReplayEntry(namespace: "saml:x", key: key, until: until)), now: at)
            }
            try await repositories.samlRequests.track(
                PendingSAMLRequest(
                    requestID: "_old", identityProvider: "i", browserKeyDigest: "d", returnTo: "/", createdAt: now - 700, expiresAt: now - 100))
            try await repositories.samlRequests.track(
                PendingSAMLRequest(
                    requestID: "_live", identityProvider: "i", browserKeyDigest: "d", returnTo: "/", createdAt: now - 700, expiresAt: now + 100))
            let email = EmailAddress("t@example.com")!
            for (digest, expiry) in [("stale", now - day), ("recent", now - day + 1)] {
                let token = IssuedToken(
                    digest: digest, purpose: .passwordReset, email: email, contactID: nil, expiresAt: expiry, createdAt: now - 2 * day)
                let message = OutboxMessage(recipient: email, subject: "s", body: "b", createdAt: now - 2 * day)
                #expect(try await repositories.membership.issueToken(token, message: message, emailCap: 10))
            }
            _ = try await repositories.rateLimits.take([RateBucket(key: "old", limit: 10, window: 60)], now: now - day)
            _ = try await repositories.rateLimits.take([RateBucket(key: "recent", limit: 10, window: 60)], now: now - day + 1)
            let policy = LoginThrottlePolicy()
            _ = try await repositories.loginAttempts.begin(account: "old", client: .untrusted, address: "a", policy: policy, now: now - day)
            _ = try await repositories.loginAttempts.begin(account: "recent", client: .untrusted, address: "a", policy: policy, now: now - day + 1)
            for (device, used) in [("gone", now - 180 * day), ("kept", now - 180 * day + 1)] {
                let attempt = try await repositories.loginAttempts.begin(account: "ann", client: .untrusted, address: "b", policy: policy, now: used)
                try await repositories.loginAttempts.finish(attempt: try #require(attempt.attempt), failed: false, trustDevice: device, at: used)
            }
            for (requestID, completed) in [("old", now - 7 * day), ("recent", now - 7 * day + 1)] {
                let request = AccountRequest(kind: .passwordReset, email: email, requestID: requestID, createdAt: completed)
                #expect(try await repositories.accountRequests.submit(request, buckets: []) == .allowed)
                let claimed = try #require(try await repositories.accountRequests.claim(limit: 1, leaseUntil: completed + 60, now: completed).first)
                try await repositories.accountRequests.complete(claimed.id!, outcome: "done", at: completed)
            }
            _ = try await repositories.accountRequests.submit(
                AccountRequest(kind: .passwordReset, email: email, requestID: "open", createdAt: now - 30 * day), buckets: [])

            let deleted = try await repositories.maintenance.purgeExpired(now: now)
            // One of each kind, counted under the name of its table.
            #expect(
                deleted == [
                    "session": 1, "samlRequest": 1, "replayEntry": 1, "token": 1, "rateEvent": 1, "loginAttempt": 1, "accountRequest": 1,
                    "trustedDevice": 1,
                ])
            #expect(try await repositories.maintenance.purgeExpired(now: now).values.reduce(0, +) == 0)
            #expect(try await repositories.sessions.load(keyDigest: "live", now: now)?.value != nil)
            #expect(
                try await repositories.signIns.commit(
                    SignInCommit(replay: SignInCommit.ReplayEntry(namespace: "saml:x", key: "b", until: now + 60)), now: now)
                    == .replayed)
            #expect(try await repositories.samlRequests.take(requestID: "_live", browserKeyDigest: "d", at: now) != nil)
            // The token deleted is the one expired a day ago; the other is still there, as a look before its expiry shows.
            #expect(try await repositories.membership.unusedToken(digest: "stale", purpose: .passwordReset, at: now - 2 * day) == nil)
            #expect(try await repositories.membership.unusedToken(digest: "recent", purpose: .passwordReset, at: now - 2 * day) != nil)
            #expect(try await repositories.loginAttempts.isTrustedDevice(digest: "kept", account: "ann"))
            #expect(try await !repositories.loginAttempts.isTrustedDevice(digest: "gone", account: "ann"))
            #expect(try await repositories.accountRequests.claim(limit: 10, leaseUntil: now + 60, now: now).map(\.requestID) == ["open"])
        }
    }
}

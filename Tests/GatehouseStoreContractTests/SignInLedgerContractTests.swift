import Foundation
import GatehouseCore
import Testing

@Suite struct SignInLedgerContractTests {
    let now = contractNow

    func replay(_ key: String, namespace: String = "saml:https://idp", until: Date) -> SignInCommit {
        SignInCommit(replay: SignInCommit.ReplayEntry(namespace: namespace, key: key, until: until))
    }

    func request(_ id: String, browser: String = "browser-a", expiresIn lifetime: TimeInterval = 600) -> PendingSAMLRequest {
        PendingSAMLRequest(
            requestID: id, identityProvider: "https://idp.example.com/saml", browserKeyDigest: browser, returnTo: "/tickets", createdAt: now,
            expiresAt: now + lifetime)
    }

    func event(_ detail: String) -> AuditEvent {
        AuditEvent(kind: .login, method: .saml, contactID: nil, email: "alice@example.com", detail: detail, requestID: "req-1", at: now)
    }

    func session(_ digest: String) -> SignInCommit.Session {
        SignInCommit.Session(keyDigest: digest, value: Data("{\"contactID\":7}".utf8), expiresAt: now + 1800, contactID: nil)
    }

    /// A full sign-in: the request, the replay entry, the event, the new session, the old one removed.
    func signIn(_ key: String, request id: String? = "_r1", session digest: String = "new", replacing: String? = "old") -> SignInCommit {
        SignInCommit(
            request: id.map { SignInCommit.RequestTake(requestID: $0, browserKeyDigest: "browser-a") },
            replay: SignInCommit.ReplayEntry(namespace: "saml:https://idp", key: key, until: now + 300), event: event("signed in \(key)"),
            session: session(digest), replacedSession: replacing)
    }

    @Test("A value is recorded once per namespace until it expires, then may be recorded again", arguments: StoreKind.testedKinds)
    func onceUntilExpiry(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories throws in
            let ledger = repositories.signIns
            #expect(try await ledger.commit(replay("_a1", until: now + 300), now: now) == .committed)
            #expect(try await ledger.commit(replay("_a1", until: now + 300), now: now + 10) == .replayed)
            #expect(try await ledger.commit(replay("_a1", until: now + 900), now: now + 299) == .replayed)
            #expect(try await ledger.commit(replay("_a1", namespace: "jwt:helpdesk", until: now + 300), now: now) == .committed)
            #expect(try await ledger.commit(replay("_A1", until: now + 300), now: now) == .committed)
            // At its expiry the entry is spent: the value may be used again, under a new expiry.
            #expect(try await ledger.commit(replay("_a1", until: now + 900), now: now + 300) == .committed)
            #expect(try await ledger.commit(replay("_a1", until: now + 900), now: now + 899) == .replayed)
            #expect(try await ledger.commit(replay("_a1", until: now + 2000), now: now + 1000) == .committed)
        }
    }

    @Test(
        "A committed sign-in takes the request, records the value and the event, writes the session and removes the old one",
        arguments: StoreKind.testedKinds)
    func everythingOnCommit(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.samlRequests.track(request("_r1"))
            try await repositories.sessions.set(keyDigest: "old", value: Data("{}".utf8), expiresAt: now + 60, contactID: nil)
            #expect(try await repositories.signIns.commit(signIn("_a1"), now: now) == .committed)
            #expect(try await repositories.samlRequests.pending(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == nil)
            #expect(try await repositories.sessions.load(keyDigest: "new", now: now)?.value == Data("{\"contactID\":7}".utf8))
            #expect(try await repositories.sessions.load(keyDigest: "new", now: now + 1800)?.value == nil)
            #expect(try await repositories.sessions.load(keyDigest: "old", now: now)?.value == nil)
            #expect(try await repositories.audit.recent(limit: 10).map(\.detail) == ["signed in _a1"])
            #expect(try await repositories.signIns.commit(replay("_a1", until: now + 300), now: now) == .replayed)
        }
    }

    @Test("A replayed value writes nothing but the request's use: no event, no session, the old session kept", arguments: StoreKind.testedKinds)
    func nothingWhenReplayed(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.samlRequests.track(request("_r1"))
            try await repositories.sessions.set(keyDigest: "old", value: Data("{}".utf8), expiresAt: now + 60, contactID: nil)
            #expect(try await repositories.signIns.commit(replay("_a1", until: now + 300), now: now) == .committed)
            #expect(try await repositories.signIns.commit(signIn("_a1"), now: now) == .replayed)
            // Used up, as by any refused response: it cannot answer a corrected post.
            #expect(try await repositories.samlRequests.pending(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == nil)
            #expect(try await repositories.sessions.load(keyDigest: "new", now: now)?.value == nil)
            #expect(try await repositories.sessions.load(keyDigest: "old", now: now)?.value != nil)
            #expect(try await repositories.audit.recent(limit: 10).isEmpty)
        }
    }

    @Test(
        "A request not pending for the browser (other browser, expired, used, unknown) writes nothing, the value included",
        arguments: StoreKind.testedKinds)
    func nothingWhenRequestUnknown(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.samlRequests.track(request("_r1", browser: "browser-b"))
            try await repositories.samlRequests.track(request("_r2", expiresIn: 60))
            #expect(try await repositories.signIns.commit(signIn("_a1", request: "_r1"), now: now) == .requestUnknown)
            #expect(try await repositories.signIns.commit(signIn("_a1", request: "_r2"), now: now + 60) == .requestUnknown)
            #expect(try await repositories.signIns.commit(signIn("_a1", request: "_nope"), now: now) == .requestUnknown)
            #expect(try await repositories.sessions.load(keyDigest: "new", now: now)?.value == nil)
            #expect(try await repositories.audit.recent(limit: 10).isEmpty)
            #expect(try await repositories.samlRequests.pending(requestID: "_r1", browserKeyDigest: "browser-b", at: now) != nil)
            // The value was not recorded by the refused commits.
            #expect(try await repositories.signIns.commit(replay("_a1", until: now + 300), now: now) == .committed)
        }
    }

    @Test("pending reads a request without taking it, for its browser and before its expiry only", arguments: StoreKind.testedKinds)
    func pendingReads(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let requests = repositories.samlRequests
            try await requests.track(request("_r1", expiresIn: 60))
            #expect(try await requests.pending(requestID: "_r1", browserKeyDigest: "browser-a", at: now) == request("_r1", expiresIn: 60))
            #expect(try await requests.pending(requestID: "_r1", browserKeyDigest: "browser-a", at: now + 59) == request("_r1", expiresIn: 60))
            #expect(try await requests.pending(requestID: "_r1", browserKeyDigest: "browser-b", at: now) == nil)
            #expect(try await requests.pending(requestID: "_r1", browserKeyDigest: "browser-a", at: now + 60) == nil)
            #expect(try await requests.take(requestID: "_r1", browserKeyDigest: "browser-a", at: now) != nil)
        }
    }

    @Test("Twenty concurrent commits of one value: exactly one commits, and only its session exists", arguments: StoreKind.testedKinds)
    func replayUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let outcomes = try await concurrently(20) { index in
                try await repositories.signIns.commit(signIn("_race", request: nil, session: "s\(index)", replacing: nil), now: now)
            }
            #expect(outcomes.filter { $0 == .committed }.count == 1)
            #expect(outcomes.filter { $0 == .replayed }.count == 19)
            var sessions = 0
            for index in 0..<20 where try await repositories.sessions.load(keyDigest: "s\(index)", now: now)?.value != nil { sessions += 1 }
            #expect(sessions == 1)
            #expect(try await repositories.audit.recent(limit: 50).count == 1)
        }
    }

    @Test("Twenty concurrent commits answering one request with different values: exactly one commits", arguments: StoreKind.testedKinds)
    func requestUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            try await repositories.samlRequests.track(request("_r1"))
            let outcomes = try await concurrently(20) { index in
                try await repositories.signIns.commit(signIn("_a\(index)", session: "s\(index)", replacing: nil), now: now)
            }
            #expect(outcomes.filter { $0 == .committed }.count == 1)
            #expect(outcomes.filter { $0 == .requestUnknown }.count == 19)
            #expect(try await repositories.audit.recent(limit: 50).count == 1)
        }
    }

    @Test("Twenty concurrent commits of one expired value: exactly one commits", arguments: StoreKind.testedKinds)
    func reuseUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let now = now
            #expect(try await repositories.signIns.commit(replay("jti-1", namespace: "jwt:app", until: now + 60), now: now) == .committed)
            let outcomes = try await concurrently(20) { _ in
                try await repositories.signIns.commit(replay("jti-1", namespace: "jwt:app", until: now + 600), now: now + 60)
            }
            #expect(outcomes.filter { $0 == .committed }.count == 1)
        }
    }
}

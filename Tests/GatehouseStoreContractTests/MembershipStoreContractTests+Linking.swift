import Foundation
import GatehouseCore
import Testing

extension MembershipStoreContractTests {
    @Test("An SSO login takes over an unverified address: pending password and links discarded, the stamp moves on", arguments: StoreKind.testedKinds)
    func ssoClaimsUnverifiedAddress(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            #expect(try await store.registerPending(pending("digest-4", name: "Squatter"), emailCap: 5))
            let squatter = try await carol(repositories)
            // A password on the unverified contact (set by an older release or an admin), and a link sent after it.
            try await repositories.identities.setPasswordHash("squatter-password", for: squatter.id, at: now)
            #expect(try await store.registerPending(pending("digest-5", name: "Squatter", stamp: 1), emailCap: 5))
            #expect(try await store.unusedToken(digest: "digest-5", purpose: .registration, at: now) != nil)
            let identity = ExternalIdentity(kind: .saml, issuer: "https://idp.example.com", subject: "carol")
            let contact = try await store.linkExternalIdentity(identity, email: email, name: "Carol", at: now)
            #expect(contact.id == squatter.id && contact.verified && contact.securityStamp == 2)
            #expect(try await repositories.identities.passwordHash(of: contact.id) == nil)
            #expect(try await repositories.identities.contactID(for: identity) == contact.id)
            #expect(try await store.unusedToken(digest: "digest-5", purpose: .registration, at: now) == nil)
            #expect(try await store.completeRegistration(tokenDigest: "digest-5", passwordHash: "h", at: now, keepingSession: nil) == nil)
            // Linking again finds the same contact and changes nothing.
            #expect(try await store.linkExternalIdentity(identity, email: email, name: "Other", at: now + 60) == contact)
            #expect(try await repositories.contacts.contact(id: contact.id) == contact)
        }
    }

    @Test("A first SSO login creates a verified contact; a new identity for a verified one keeps its password", arguments: StoreKind.testedKinds)
    func ssoLinksVerifiedContacts(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let identity = ExternalIdentity(kind: .jwt, issuer: "helpdesk", subject: "u-1")
            let created = try await store.linkExternalIdentity(identity, email: EmailAddress("new@example.com")!, name: "New Person", at: now)
            #expect(
                created
                    == Contact(
                        id: created.id, email: EmailAddress("new@example.com")!, name: "New Person", verified: true, createdAt: now, securityStamp: 1)
            )
            let carol = try await repositories.newContact(email.value)
            try await repositories.identities.setPasswordHash("carol-password", for: carol.id, at: now)
            let current = try #require(try await repositories.contacts.contact(id: carol.id))
            #expect(try await store.issueToken(reset("before-link", for: current), message: message(), emailCap: 5))
            let saml = ExternalIdentity(kind: .saml, issuer: "https://idp.example.com", subject: "carol")
            let linked = try await store.linkExternalIdentity(saml, email: email, name: "Ignored", at: now)
            #expect(linked.id == carol.id && linked.name == "Carol" && linked.securityStamp == 2)
            #expect(try await repositories.identities.passwordHash(of: carol.id) == "carol-password")
            #expect(try await store.unusedToken(digest: "before-link", purpose: .passwordReset, at: now) == nil)
        }
    }

    @Test("Concurrent first logins of one identity all succeed, with one contact and one link", arguments: StoreKind.testedKinds)
    func ssoFirstLoginUnderConcurrency(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let identity = ExternalIdentity(kind: .saml, issuer: "https://idp.example.com", subject: "carol")
            let (email, now) = (email, now)
            // Every login succeeds (SignInService does not retry): the ones that lose the race find the link.
            let outcomes = try await concurrently(10) { _ in
                try await repositories.membership.linkExternalIdentity(identity, email: email, name: "Carol", at: now).id
            }
            let contacts = try await repositories.contacts.allContacts()
            #expect(contacts.count == 1)
            #expect(Set(outcomes) == Set(contacts.map(\.id)))
            #expect(try await repositories.identities.contactID(for: identity) == contacts.first?.id)
        }
    }

    @Test("Invitations create a verified member of the list; a reset after it voids an older invitation", arguments: StoreKind.testedKinds)
    func invitationsAndResets(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let list = try await repositories.lists.createList(named: "Partners", at: now)
            func invitation(_ digest: String) -> IssuedToken {
                IssuedToken(
                    digest: digest, purpose: .invitation, email: email, contactID: nil, listID: list.id, expiresAt: now + 3600, createdAt: now)
            }
            #expect(try await store.issueToken(invitation("invite"), message: message(), emailCap: 5))
            #expect(try await store.issueToken(invitation("second-invite"), message: message(), emailCap: 5))
            let accepted = try #require(
                try await store.acceptInvitation(
                    InvitationAcceptance(
                        tokenDigest: "invite", name: "Carol", passwordHash: "p1", consentVersion: "v1", consentAccepted: true, at: now)))
            #expect(accepted.contact.verified && accepted.contact.name == "Carol" && accepted.contact.securityStamp == 1)
            #expect(accepted.voidedTokens == 1 && accepted.endedSessions == 0)
            #expect(try await repositories.contacts.listNames(of: accepted.contact.id) == ["Partners"])
            #expect(try await repositories.identities.passwordHash(of: accepted.contact.id) == "p1")
            #expect(try await repositories.consents.consents(of: accepted.contact.id).map(\.textVersion) == ["v1"])
            // The second invitation, sent before the account had a password, can no longer replace it.
            #expect(
                try await store.acceptInvitation(
                    InvitationAcceptance(
                        tokenDigest: "second-invite", name: "X", passwordHash: "p-x", consentVersion: nil, consentAccepted: false, at: now))
                    == nil)
            #expect(try await store.issueToken(reset("reset", for: accepted.contact), message: message(), emailCap: 5))
            #expect(
                try await store.resetPassword(tokenDigest: "reset", newPasswordHash: "p2", at: now, keepingSession: nil)?.contact.id
                    == accepted.contact.id)
            #expect(try await repositories.identities.passwordHash(of: accepted.contact.id) == "p2")
        }
    }

    @Test("An invitation to an existing unverified contact verifies it, keeps its name and ends its other sessions", arguments: StoreKind.testedKinds)
    func invitationForExistingContact(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let existing = try await repositories.newContact(email.value, name: "Carol Existing", verified: false)
            for key in ["old", "current"] {
                try await repositories.sessions.set(keyDigest: key, value: Data(), expiresAt: nil, contactID: existing.id)
            }
            let token = IssuedToken(digest: "invite", purpose: .invitation, email: email, contactID: nil, expiresAt: now + 3600, createdAt: now)
            #expect(try await store.issueToken(token, message: message(), emailCap: 5))
            let accepted = try #require(
                try await store.acceptInvitation(
                    InvitationAcceptance(
                        tokenDigest: "invite", name: "Typed Name", passwordHash: "p", consentVersion: nil, consentAccepted: false, at: now,
                        keepingSession: "current")))
            #expect(accepted.contact.id == existing.id && accepted.contact.verified && accepted.contact.name == "Carol Existing")
            #expect(accepted.endedSessions == 1)
            #expect(try await repositories.sessions.load(keyDigest: "current", now: now)?.value == Data())
            #expect(try await repositories.contacts.listNames(of: existing.id) == [])
            #expect(try await repositories.consents.consents(of: existing.id) == [])
        }
    }

    @Test(
        "A queued request is completed by the write that sends its email: a second worker's write is StoreError.alreadyDone",
        arguments: StoreKind.testedKinds)
    func completedWithTheEmail(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let store = repositories.membership
            let queue = repositories.accountRequests
            let request = AccountRequest(kind: .registration, email: email, name: "Carol", requestID: "r", createdAt: now)
            #expect(try await queue.submit(request, buckets: []) == .allowed)
            let id = try #require(try await queue.claim(limit: 1, leaseUntil: now + 60, now: now).first?.id)
            let done = AccountRequestCompletion(id: id, outcome: "registration: confirmation link sent", at: now)
            #expect(try await store.registerPending(pending("first"), emailCap: 5, completing: done))
            await expectStoreError(.alreadyDone) { try await store.registerPending(pending("second"), emailCap: 5, completing: done) }
            let contact = try await carol(repositories)
            await expectStoreError(.alreadyDone) {
                try await store.issueToken(reset("third", for: contact), message: message(), emailCap: 5, completing: done)
            }
            #expect(try await repositories.outbox.pending().count == 1)
            #expect(try await store.unusedToken(digest: "second", purpose: .registration, at: now) == nil)
            #expect(try await store.unusedToken(digest: "third", purpose: .passwordReset, at: now) == nil)
            #expect(try await repositories.consents.consents(of: contact.id).count == 1)
            #expect(try await queue.claim(limit: 10, leaseUntil: now + 200, now: now + 100).isEmpty)
        }
    }

    @Test("A capped write does not complete its request, so the request is claimed again", arguments: StoreKind.testedKinds)
    func cappedWriteLeavesRequest(_ kind: StoreKind) async throws {
        try await withRepositories(kind) { repositories in
            let queue = repositories.accountRequests
            #expect(
                try await queue.submit(AccountRequest(kind: .registration, email: email, requestID: "r", createdAt: now), buckets: []) == .allowed)
            let id = try #require(try await queue.claim(limit: 1, leaseUntil: now + 60, now: now).first?.id)
            let done = AccountRequestCompletion(id: id, outcome: "sent", at: now)
            #expect(try await !repositories.membership.registerPending(pending("capped"), emailCap: 0, completing: done))
            #expect(try await queue.claim(limit: 10, leaseUntil: now + 200, now: now + 60).map(\.id) == [id])
        }
    }
}

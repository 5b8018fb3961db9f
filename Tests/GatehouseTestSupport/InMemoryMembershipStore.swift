import Foundation
import GatehouseCore

/// ``MembershipStore`` over ``InMemoryStorage``, following `SQLiteMembershipStore` step by step (each of
/// its transactions one write here, rolled back as a whole when it throws).
public struct InMemoryMembershipStore: MembershipStore {
    public let storage: InMemoryStorage

    public init(storage: InMemoryStorage) {
        self.storage = storage
    }

    public func registerPending(_ registration: PendingRegistration, emailCap: Int, completing: AccountRequestCompletion?) async throws -> Bool {
        try storage.write { state in
            guard state.hasRoom(for: registration.email, cap: emailCap, at: registration.at) else { return false }
            try completing.map { try state.complete($0) }
            let contact: Contact
            if let existing = state.contact(email: registration.email) {
                // Only unverified contacts get here (verified ones get an "already registered" email).
                guard !existing.verified, existing.securityStamp == registration.expectedStamp else {
                    throw StoreError.conflict("contact \(registration.email) changed")
                }
                contact = existing
            } else {
                contact = state.insertContact(
                    email: registration.email, name: registration.name, verified: false, isPortalAdmin: false, at: registration.at)
            }
            if let version = registration.consentVersion {
                state.consents.append(
                    ConsentRecord(contactID: contact.id, textVersion: version, accepted: registration.consentAccepted, recordedAt: registration.at))
            }
            guard state.tokens[registration.tokenDigest] == nil else { throw StoreError.conflict("token digest") }
            state.tokens[registration.tokenDigest] = .init(
                token: IssuedToken(
                    digest: registration.tokenDigest, purpose: .registration, email: registration.email, contactID: contact.id,
                    name: registration.name, securityStamp: contact.securityStamp, expiresAt: registration.tokenExpiresAt,
                    createdAt: registration.at))
            state.outbox.append(registration.message)
            return true
        }
    }

    public func unusedToken(digest: String, purpose: IssuedToken.Purpose, at date: Date) async throws -> IssuedToken? {
        storage.read { $0.usableToken(digest: digest, purpose: purpose, at: date) }
    }

    public func issueToken(_ token: IssuedToken, message: OutboxMessage, emailCap: Int, completing: AccountRequestCompletion?) async throws
        -> Bool
    {
        try storage.write { state in
            if let id = token.contactID {
                guard state.contacts[id]?.securityStamp == token.securityStamp else { throw StoreError.conflict("contact \(id) changed") }
            }
            guard state.hasRoom(for: message.recipient, cap: emailCap, at: message.createdAt) else { return false }
            try completing.map { try state.complete($0) }
            guard state.tokens[token.digest] == nil else { throw StoreError.conflict("token digest") }
            state.tokens[token.digest] = .init(token: token)
            state.outbox.append(message)
            return true
        }
    }

    public func completeRegistration(tokenDigest: String, passwordHash: String, at date: Date, keepingSession: String?) async throws
        -> CredentialChange?
    {
        storage.write { state in
            guard let token = state.consumeToken(digest: tokenDigest, purpose: .registration, at: date), let id = token.contactID,
                state.contacts[id] != nil
            else { return nil }
            state.contacts[id]?.verified = true
            if let name = token.name { state.contacts[id]?.name = name }
            return state.setPassword(passwordHash, for: id, at: date, keepingSession: keepingSession)
        }
    }

    public func resetPassword(tokenDigest: String, newPasswordHash: String, at date: Date, keepingSession: String?) async throws
        -> CredentialChange?
    {
        storage.write { state in
            guard let token = state.consumeToken(digest: tokenDigest, purpose: .passwordReset, at: date), let id = token.contactID,
                state.contacts[id] != nil
            else { return nil }
            // The link proved the mailbox.
            state.contacts[id]?.verified = true
            return state.setPassword(newPasswordHash, for: id, at: date, keepingSession: keepingSession)
        }
    }

    public func acceptInvitation(_ acceptance: InvitationAcceptance) async throws -> CredentialChange? {
        storage.write { state in
            guard let token = state.consumeToken(digest: acceptance.tokenDigest, purpose: .invitation, at: acceptance.at) else { return nil }
            let id: Contact.ID
            if let existing = state.contact(email: token.email) {
                id = existing.id
                state.contacts[id]?.verified = true
            } else {
                id = state.insertContact(email: token.email, name: acceptance.name, verified: true, isPortalAdmin: false, at: acceptance.at).id
            }
            if let version = acceptance.consentVersion {
                state.consents.append(
                    ConsentRecord(contactID: id, textVersion: version, accepted: acceptance.consentAccepted, recordedAt: acceptance.at))
            }
            if let listID = token.listID {
                state.listMembers[listID, default: []].insert(id)
            }
            return state.setPassword(acceptance.passwordHash, for: id, at: acceptance.at, keepingSession: acceptance.keepingSession)
        }
    }

    public func changePassword(contactID: Contact.ID, expectedStamp: Int, newPasswordHash: String, at date: Date, keepingSession: String?)
        async throws -> CredentialChange?
    {
        storage.write { state in
            guard state.contacts[contactID]?.securityStamp == expectedStamp else { return nil }
            return state.setPassword(newPasswordHash, for: contactID, at: date, keepingSession: keepingSession)
        }
    }

    public func linkExternalIdentity(_ identity: ExternalIdentity, email: EmailAddress, name: String, at date: Date) async throws -> Contact {
        storage.write { state in
            state.linkCalls += 1
            // A concurrent first login of the same identity may have linked it already.
            if let linked = state.links[identity], let contact = state.contacts[linked] { return contact }
            let id: Contact.ID
            if let existing = state.contact(email: email) {
                id = existing.id
                if !existing.verified {
                    // The issuer proved the mailbox; a password set by an unverified registrant must not survive.
                    state.passwordHashes[id] = nil
                    state.contacts[id]?.verified = true
                }
            } else {
                id = state.insertContact(email: email, name: name, verified: true, isPortalAdmin: false, at: date).id
            }
            state.links[identity] = id
            // A new way into the account: links sent for its earlier state stop working.
            state.contacts[id]?.securityStamp += 1
            _ = state.voidUnusedTokens(of: id, at: date)
            return state.contacts[id]!
        }
    }
}

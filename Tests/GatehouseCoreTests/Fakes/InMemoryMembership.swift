import Foundation
import GatehouseCore

/// ``MembershipStore`` over ``InMemoryStorage``, following the protocol's documented semantics
/// (the SQLite store's transactions become one locked write each).
struct InMemoryMembership: MembershipStore {
    let storage: InMemoryStorage

    func registerPending(_ registration: PendingRegistration) async throws -> Contact {
        try storage.write { state in
            var contact: Contact
            if let existing = state.contact(email: registration.email) {
                guard !existing.verified else { throw StoreError.conflict("contact \(registration.email) is verified") }
                contact = existing
            } else {
                contact = state.insertContact(
                    email: registration.email, name: registration.name, verified: false, isPortalAdmin: false, at: registration.at)
            }
            if let version = registration.consentVersion {
                state.consents.append(
                    ConsentRecord(contactID: contact.id, textVersion: version, accepted: registration.consentAccepted, recordedAt: registration.at))
            }
            state.tokens[registration.tokenDigest] = .init(
                token: IssuedToken(
                    digest: registration.tokenDigest, purpose: .registration, email: registration.email, contactID: contact.id,
                    passwordHash: registration.passwordHash, name: registration.name, expiresAt: registration.tokenExpiresAt,
                    createdAt: registration.at))
            state.outbox.append(registration.message)
            return contact
        }
    }

    func completeRegistration(tokenDigest: String, at date: Date) async throws -> Contact? {
        storage.write { state in
            guard let token = state.consumeToken(digest: tokenDigest, purpose: .registration, at: date), let id = token.contactID,
                state.contacts[id] != nil, let passwordHash = token.passwordHash
            else { return nil }
            state.contacts[id]?.verified = true
            if let name = token.name { state.contacts[id]?.name = name }
            state.passwordHashes[id] = passwordHash
            for (digest, stored) in state.tokens where stored.token.contactID == id && stored.token.purpose == .registration && stored.usedAt == nil {
                state.tokens[digest] = nil
            }
            return state.contacts[id]
        }
    }

    func unusedToken(digest: String, purpose: IssuedToken.Purpose, at date: Date) async throws -> IssuedToken? {
        storage.read { state in
            guard let stored = state.tokens[digest], stored.token.purpose == purpose, stored.usedAt == nil, stored.token.expiresAt > date else {
                return nil
            }
            return stored.token
        }
    }

    func issueToken(_ token: IssuedToken, message: OutboxMessage) async throws {
        try storage.write { state in
            guard state.tokens[token.digest] == nil else { throw StoreError.conflict("token digest") }
            state.tokens[token.digest] = .init(token: token)
            state.outbox.append(message)
        }
    }

    func resetPassword(tokenDigest: String, newPasswordHash: String, at date: Date) async throws -> Contact? {
        storage.write { state in
            guard let token = state.consumeToken(digest: tokenDigest, purpose: .passwordReset, at: date), let id = token.contactID,
                state.contacts[id] != nil
            else { return nil }
            state.contacts[id]?.verified = true
            state.passwordHashes[id] = newPasswordHash
            return state.contacts[id]
        }
    }

    func acceptInvitation(_ acceptance: InvitationAcceptance) async throws -> Contact? {
        storage.write { state in
            guard let token = state.consumeToken(digest: acceptance.tokenDigest, purpose: .invitation, at: acceptance.at) else { return nil }
            var contact: Contact
            if let existing = state.contact(email: token.email) {
                contact = existing
                contact.verified = true
                state.contacts[contact.id] = contact
            } else {
                contact = state.insertContact(email: token.email, name: acceptance.name, verified: true, isPortalAdmin: false, at: acceptance.at)
            }
            state.passwordHashes[contact.id] = acceptance.passwordHash
            if let version = acceptance.consentVersion {
                state.consents.append(
                    ConsentRecord(contactID: contact.id, textVersion: version, accepted: acceptance.consentAccepted, recordedAt: acceptance.at))
            }
            if let listID = token.listID {
                state.listMembers[listID, default: []].insert(contact.id)
            }
            return contact
        }
    }

    func linkExternalIdentity(_ identity: ExternalIdentity, email: EmailAddress, name: String, at date: Date) async throws -> Contact {
        storage.write { state in
            state.linkCalls += 1
            if let linked = state.links[identity], let contact = state.contacts[linked] { return contact }
            var contact: Contact
            if let existing = state.contact(email: email) {
                contact = existing
                if !existing.verified {
                    // The issuer proved the mailbox; a password set by an unverified registrant must not survive.
                    state.passwordHashes[existing.id] = nil
                    contact.verified = true
                    state.contacts[contact.id] = contact
                }
            } else {
                contact = state.insertContact(email: email, name: name, verified: true, isPortalAdmin: false, at: date)
            }
            state.links[identity] = contact.id
            return contact
        }
    }
}

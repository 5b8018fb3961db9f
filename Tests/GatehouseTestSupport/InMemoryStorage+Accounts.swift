import Foundation
import GatehouseCore

/// The account rules several repositories share, as the SQLite store's records state them
/// (`ContactRecord`, `TokenRecord`, `SQLiteIdentityRepository.setPassword`, `SQLiteRateLimitStore.take`).
extension InMemoryStorage.State {
    public mutating func insertContact(email: EmailAddress, name: String, verified: Bool, isPortalAdmin: Bool, at date: Date) -> Contact {
        let contact = Contact(id: nextContactID, email: email, name: name, verified: verified, isPortalAdmin: isPortalAdmin, createdAt: date)
        nextContactID += 1
        contacts[contact.id] = contact
        return contact
    }

    /// Addresses are stored normalised (lower case), so equality is the store's NOCASE lookup.
    public func contact(email: EmailAddress) -> Contact? {
        contacts.values.first { $0.email == email }
    }

    /// The list with this name in any case.
    public func list(named name: String) -> ContactList? {
        lists.values.first { InMemoryStorage.equalIgnoringCase($0.name, name) }
    }

    /// Creates (or finds) a list by name.
    public mutating func listID(named name: String, at date: Date) -> ContactList.ID {
        if let existing = list(named: name) { return existing.id }
        let list = ContactList(id: nextListID, name: name, createdAt: date)
        nextListID += 1
        lists[list.id] = list
        return list.id
    }

    /// Whether the token's contact (its own, or the one with its address now) is still at the token's
    /// stamp, like `TokenRecord.currentStampCondition` (no contact counts as stamp 0).
    public func isCurrent(_ token: IssuedToken) -> Bool {
        let contact = token.contactID.flatMap { contacts[$0] } ?? (token.contactID == nil ? contact(email: token.email) : nil)
        return (contact?.securityStamp ?? 0) == token.securityStamp
    }

    /// The unused, unexpired, current token of `purpose` with this digest.
    public func usableToken(digest: String, purpose: IssuedToken.Purpose, at date: Date) -> IssuedToken? {
        guard let stored = tokens[digest], stored.token.purpose == purpose, stored.usedAt == nil, stored.token.expiresAt > date,
            isCurrent(stored.token)
        else { return nil }
        return stored.token
    }

    /// Marks a usable token used and returns it, like `TokenRecord.consume`.
    public mutating func consumeToken(digest: String, purpose: IssuedToken.Purpose, at date: Date) -> IssuedToken? {
        guard let token = usableToken(digest: digest, purpose: purpose, at: date) else { return nil }
        tokens[digest]?.usedAt = date
        return token
    }

    /// Every password set: new hash, stamp bumped, unused links voided, other sessions ended. The
    /// contact must exist (callers check, as the store's foreign key would).
    public mutating func setPassword(_ hash: String, for id: Contact.ID, at date: Date, keepingSession: String?) -> CredentialChange {
        passwordHashes[id] = hash
        contacts[id]?.securityStamp += 1
        let voided = voidUnusedTokens(of: id, at: date)
        let ended = sessions.filter { $0.value.contactID == id && $0.key != keepingSession }.map(\.key)
        for digest in ended { sessions[digest] = nil }
        return CredentialChange(contact: contacts[id]!, voidedTokens: voided, endedSessions: ended.count)
    }

    /// Voids the contact's unused, unexpired links (and those sent to its address before it existed).
    public mutating func voidUnusedTokens(of id: Contact.ID, at date: Date) -> Int {
        let email = contacts[id]?.email
        var voided = 0
        for (digest, stored) in tokens
        where stored.usedAt == nil && stored.token.expiresAt > date
            && (stored.token.contactID == id || (stored.token.contactID == nil && stored.token.email == email))
        {
            tokens[digest]?.usedAt = date
            voided += 1
        }
        return voided
    }

    /// Marks a queued request done, unless it already is (``StoreError/alreadyDone``; the write that
    /// asked for it is then rolled back).
    public mutating func complete(_ completion: AccountRequestCompletion) throws {
        guard let index = requests.firstIndex(where: { $0.request.id == completion.id && $0.completedAt == nil }) else {
            throw StoreError.alreadyDone("account request \(completion.id)")
        }
        requests[index].completedAt = completion.at
        requests[index].outcome = completion.outcome
    }

    /// Fewer than `cap` account emails to `recipient` in the hour before `date`.
    public func hasRoom(for recipient: EmailAddress, cap: Int, at date: Date) -> Bool {
        outbox.filter { $0.recipient == recipient && $0.createdAt > date.addingTimeInterval(-AccountLimits.hour) }.count < cap
    }

    /// Checks every bucket and counts one event in each when all have room, like `SQLiteRateLimitStore`.
    public mutating func take(_ buckets: [RateBucket], now: Date) -> RateDecision {
        var longest: (wait: TimeInterval, key: String)?
        for bucket in buckets {
            let events = (rateEvents[bucket.key] ?? []).filter { $0 > now.addingTimeInterval(-bucket.window) }.sorted()
            if let wait = bucket.wait(events: events, now: now), wait > (longest?.wait ?? 0) { longest = (wait, bucket.key) }
        }
        if let longest { return .limited(retryAfter: Int(longest.wait.rounded(.up)), key: longest.key) }
        for bucket in buckets { rateEvents[bucket.key, default: []].append(now) }
        return .allowed
    }
}

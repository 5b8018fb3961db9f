import Foundation

/// Acts on queued registration and reset requests, after their form has answered: here, and only here,
/// the address's state decides what is sent.
///
/// - registration of a new or still unverified address: a confirmation link (the account's password is
///   chosen on its page);
/// - registration of a verified address: an "already registered" email with a reset link;
/// - reset of a known address: a reset link; of an unknown one: nothing.
///
/// Every link carries the account's current ``Contact/securityStamp``. No address gets more than
/// ``AccountLimits/emailsPerAddress`` account emails an hour.
public struct AccountRequestProcessor: Sendable {
    let contacts: any ContactRepository
    let membership: any MembershipStore
    let requests: any AccountRequestQueue
    let audit: any AuditLog
    let clock: any Clock
    let settings: RegistrationSettings
    let limits: AccountLimits
    let link: @Sendable (IssuedToken.Purpose, String) -> String

    /// How long one worker holds a request before another may take it over: also how long a request
    /// claimed by a process that crashed waits. Short, because acting takes milliseconds and a lease that
    /// runs out early costs only repeated work: the email's write completes the request, so it is never
    /// sent twice.
    static let lease: TimeInterval = 10
    /// Requests that could not be acted on for this long are given up (the user has long asked again).
    static let giveUpAfter: TimeInterval = 86_400

    /// Acts on up to `limit` due requests; returns how many were completed.
    ///
    /// A request whose action writes an email is marked done in that write's transaction; one that writes
    /// nothing (an unknown address, the email cap, too old) is marked done afterwards, where acting twice
    /// after a crash does no harm.
    @discardableResult
    public func processDue(limit: Int = 50) async throws -> Int {
        let now = clock.now
        let due = try await requests.claim(limit: limit, leaseUntil: now.addingTimeInterval(Self.lease), now: now)
        var completed = 0
        for request in due {
            guard let id = request.id else { continue }
            if now.timeIntervalSince(request.createdAt) > Self.giveUpAfter {
                try await requests.complete(id, outcome: "given up: could not be processed within a day", at: clock.now)
            } else {
                let (outcome, recorded) = try await fulfil(request, id: id)
                if !recorded { try await requests.complete(id, outcome: outcome, at: clock.now) }
            }
            completed += 1
        }
        return completed
    }

    /// Does what the request calls for; a contact that changed under us (a conflict) is looked at again.
    /// `recorded`: the request was marked done by the write that acted on it.
    func fulfil(_ request: AccountRequest, id: Int64) async throws -> (outcome: String, recorded: Bool) {
        var attempt = 0
        while true {
            do {
                let done = try await act(on: request, id: id)
                try await audit.record(
                    AuditEvent(
                        kind: request.kind == .registration ? .registration : .security, email: request.email.value, detail: done.outcome,
                        requestID: request.requestID, at: clock.now))
                return done
            } catch StoreError.conflict where attempt < 3 {
                attempt += 1
            } catch StoreError.alreadyDone {
                // Another worker took the request over after our lease ran out and acted on it.
                return ("already done by another worker", true)
            }
        }
    }

    private func act(on request: AccountRequest, id: Int64) async throws -> (outcome: String, recorded: Bool) {
        let now = clock.now
        let existing = try await contacts.contact(email: request.email)
        let token = OneTimeToken()
        switch (request.kind, existing) {
        case (.registration, let contact?) where contact.verified:
            let (template, language) = settings.template(.alreadyRegistered, language: request.language)
            let text = template.render(name: contact.name, link: link(.passwordReset, token.value), portal: settings.portalName)
            return try await issue(
                token, .passwordReset, to: contact, lifetime: RegistrationService.resetLifetime(settings), text: text, language: language,
                request: id,
                sent: "registration of a verified address: 'already registered' email with a reset link sent")
        case (.registration, let contact):
            let (template, language) = settings.template(.registration, language: request.language)
            let text = template.render(name: request.name, link: link(.registration, token.value), portal: settings.portalName)
            let sent = "registration: confirmation link sent"
            let queued = try await membership.registerPending(
                PendingRegistration(
                    email: request.email, name: request.name, expectedStamp: contact?.securityStamp ?? 0, consentVersion: request.consentVersion,
                    consentAccepted: request.consentAccepted, tokenDigest: token.digest,
                    tokenExpiresAt: now.addingTimeInterval(settings.tokenLifetime),
                    message: OutboxMessage(recipient: request.email, subject: text.subject, body: text.body, language: language, createdAt: now),
                    at: now),
                emailCap: limits.emailsPerAddress, completing: AccountRequestCompletion(id: id, outcome: sent, at: now))
            return queued ? (sent, true) : (capped, false)
        case (.passwordReset, let contact?):
            let (template, language) = settings.template(.passwordReset, language: request.language)
            let text = template.render(name: contact.name, link: link(.passwordReset, token.value), portal: settings.portalName)
            return try await issue(
                token, .passwordReset, to: contact, lifetime: RegistrationService.resetLifetime(settings), text: text, language: language,
                request: id,
                sent: "password reset link sent")
        case (.passwordReset, nil):
            return ("password reset for an address without an account: nothing sent", false)
        }
    }

    private var capped: String { "nothing sent: the address already had \(limits.emailsPerAddress) account emails in the last hour" }

    private func issue(
        _ token: OneTimeToken, _ purpose: IssuedToken.Purpose, to contact: Contact, lifetime: TimeInterval, text: (subject: String, body: String),
        language: String, request: Int64, sent: String
    ) async throws -> (outcome: String, recorded: Bool) {
        let now = clock.now
        let queued = try await membership.issueToken(
            IssuedToken(
                digest: token.digest, purpose: purpose, email: contact.email, contactID: contact.id, securityStamp: contact.securityStamp,
                expiresAt: now.addingTimeInterval(lifetime), createdAt: now),
            message: OutboxMessage(recipient: contact.email, subject: text.subject, body: text.body, language: language, createdAt: now),
            emailCap: limits.emailsPerAddress, completing: AccountRequestCompletion(id: request, outcome: sent, at: now))
        return queued ? (sent, true) : (capped, false)
    }
}

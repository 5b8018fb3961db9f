import Foundation

/// Durable queue of ``AccountRequest``s between the form that accepted them and the worker that acts
/// on them. A request whose action writes an email is completed by that write (``AccountRequestCompletion``),
/// so it is sent exactly once; one that writes nothing is completed with ``complete(_:outcome:at:)``
/// afterwards (acting on it again after a crash does nothing twice).
public protocol AccountRequestQueue: Sendable {
    /// Takes the rate-limit buckets and, when they allow it, queues the request: in one transaction,
    /// durable when this returns.
    func submit(_ request: AccountRequest, buckets: [RateBucket]) async throws -> RateDecision
    /// Up to `limit` requests not yet completed whose lease has run out, leased to the caller until
    /// `leaseUntil` (so that several workers never act on one request at the same time).
    func claim(limit: Int, leaseUntil: Date, now: Date) async throws -> [AccountRequest]
    /// Marks a request done, with a short note of what was done (for support questions).
    func complete(_ id: Int64, outcome: String, at: Date) async throws
}

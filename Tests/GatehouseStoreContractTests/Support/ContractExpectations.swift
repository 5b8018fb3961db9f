import Foundation
import GatehouseCore
import Testing

/// The moment every contract test starts from: whole seconds, which both stores round-trip exactly.
let contractNow = Date(timeIntervalSince1970: 1_800_000_000)

/// The cases of ``StoreError`` that callers match on (`catch StoreError.conflict`); the detail string is
/// for logs and may differ between stores.
enum StoreErrorCase: Sendable {
    case conflict
    case notFound
    case alreadyDone

    func matches(_ error: StoreError) -> Bool {
        switch (self, error) {
        case (.conflict, .conflict), (.notFound, .notFound), (.alreadyDone, .alreadyDone): true
        default: false
        }
    }
}

/// Expects `body` to throw a ``StoreError`` of the given case.
func expectStoreError<R>(
    _ expected: StoreErrorCase, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> R
) async {
    let error = await #expect(throws: StoreError.self, comment, sourceLocation: sourceLocation) { _ = try await body() }
    if let error, !expected.matches(error) {
        Issue.record("expected StoreError.\(expected), got \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` `count` times at once and returns the results (in completion order).
func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: T.self) { group in
        for index in 0..<count { group.addTask { try await body(index) } }
        var results: [T] = []
        for try await result in group { results.append(result) }
        return results
    }
}

extension Repositories {
    /// A contact created through ``ContactRepository``.
    @discardableResult
    func newContact(_ address: String, name: String? = nil, verified: Bool = true, isPortalAdmin: Bool = false, at date: Date = contractNow)
        async throws -> Contact
    {
        let email = try #require(EmailAddress(address))
        return try await contacts.createContact(
            email: email, name: name ?? String(address.prefix { $0 != "@" }).capitalized, verified: verified, isPortalAdmin: isPortalAdmin,
            at: date)
    }
}

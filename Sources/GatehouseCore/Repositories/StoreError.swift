/// Failures a repository reports in domain terms (the SQL detail stays in the store's logs).
public enum StoreError: Error, Equatable, Sendable {
    /// A uniqueness rule was violated: the email, list name or identity already exists.
    case conflict(String)
    /// The row to change does not exist.
    case notFound(String)
    /// The work was done already: a queued request that another worker completed meanwhile.
    case alreadyDone(String)
    /// The database did not answer in time or refused the connection (a PostgreSQL server that is down
    /// or restarting): the request fails with "temporarily unavailable" and can be retried.
    case unavailable(String)
}

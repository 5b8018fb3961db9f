/// How the SQLite store compares text: list and IdP names (and emails) are `COLLATE NOCASE` columns,
/// which fold ASCII letters only and then compare UTF-8 bytes; every other column compares bytes.
extension InMemoryStorage {
    /// Equal under SQLite's NOCASE: `Customers` is `CUSTOMERS`, `Ärger` is not `ärger`.
    public static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        foldedBytes(lhs) == foldedBytes(rhs)
    }

    /// `ORDER BY name` on a NOCASE column.
    public static func orderedIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        foldedBytes(lhs).lexicographicallyPrecedes(foldedBytes(rhs))
    }

    /// `ORDER BY` on a binary column: UTF-8 bytes, so `Jira` sorts before `freshdesk`.
    public static func orderedExactly(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    private static func foldedBytes(_ text: String) -> [UInt8] {
        text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    }
}

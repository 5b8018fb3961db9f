/// Bounds applied to every document before and while it is parsed.
///
/// A SAML Response from a real IdP is 3–15 KB and about a dozen elements deep; the defaults leave
/// ample room for large attribute sets while keeping a hostile POST cheap to refuse.
public struct XMLParserLimits: Sendable, Equatable {
    /// Largest accepted input in bytes, checked before libxml2 sees a byte.
    public var maxBytes: Int
    /// Deepest accepted element nesting, enforced by the parser as each start tag is read.
    public var maxDepth: Int

    public init(maxBytes: Int = 256 * 1024, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    public static let `default` = XMLParserLimits()
}

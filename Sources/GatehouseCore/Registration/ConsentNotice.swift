import Crypto
import Foundation

/// The consent shown on the registration form: notice text, checkbox text and links.
public struct ConsentNotice: Sendable, Equatable {
    public struct Link: Sendable, Equatable {
        public var title: String
        public var url: String

        public init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    public var required: Bool
    public var notice: String
    public var checkbox: String
    public var links: [Link]

    public init(required: Bool, notice: String, checkbox: String, links: [Link]) {
        self.required = required
        self.notice = notice
        self.checkbox = checkbox
        self.links = links
    }

    /// A digest of exactly what the person saw, recorded with their decision: a later wording change
    /// yields another version, so records always say which text was agreed to.
    public var version: String {
        let shown = ([notice, checkbox] + links.flatMap { [$0.title, $0.url] }).joined(separator: "\u{1F}")
        return "sha256:" + SHA256.hash(data: Data(shown.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

/// A person's display name as Gatehouse stores it, whoever supplied it (a form, an IdP attribute, a
/// JWT claim): trimmed, 1 to 100 characters, no control or invisible formatting characters.
public enum ContactName {
    public static let maximumLength = 100

    /// The stored form of `raw`, or `nil` when nothing acceptable is left.
    public static func normalized(_ raw: String) -> String? {
        let name = String(
            String.UnicodeScalarView(raw.unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }.reversed())
        )
        guard !name.isEmpty, name.count <= maximumLength,
            !name.unicodeScalars.contains(where: { [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) })
        else { return nil }
        return name
    }
}

/// A `<select>` or radio option.
struct Choice: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

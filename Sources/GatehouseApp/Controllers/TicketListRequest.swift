import Foundation
import GatehouseCore
import Hummingbird

/// A ticket list's query string — `status=open|closed|all`, `q=words`, `sort=activity|created`,
/// `page=N` — validated: an unknown value is refused (400), never guessed.
struct TicketListRequest: Sendable {
    var query: TicketQuery
    /// The search box's text as typed (shown back in the box).
    var searchText: String

    init(_ parameters: Parameters) throws(Rejection) {
        func value(_ name: String) -> String? {
            parameters[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        let status: TicketQuery.StatusFilter
        if let raw = value("status") {
            guard let parsed = TicketQuery.StatusFilter(rawValue: raw) else { throw Self.invalid("status") }
            status = parsed
        } else {
            status = .all
        }
        let sort: TicketQuery.Sort
        if let raw = value("sort") {
            guard let parsed = TicketQuery.Sort(rawValue: raw) else { throw Self.invalid("sort") }
            sort = parsed
        } else {
            sort = .lastActivity
        }
        var page = 1
        if let raw = value("page") {
            guard raw.utf8.count <= 6, let parsed = Int(raw), parsed >= 1 else { throw Self.invalid("page") }
            page = parsed
        }
        let text = String((value("q") ?? "").prefix(TicketSearchTerms.maximumLength))
        searchText = text
        query = TicketQuery(status: status, search: TicketSearchTerms(text), sort: sort, page: page)
    }

    /// This list's URL with another page (or the same), keeping the filter, search and sort.
    func href(_ base: String, page: Int) -> String {
        var items = [URLQueryItem]()
        if query.status != .all { items.append(URLQueryItem(name: "status", value: query.status.rawValue)) }
        if !searchText.isEmpty { items.append(URLQueryItem(name: "q", value: searchText)) }
        if query.sort != .lastActivity { items.append(URLQueryItem(name: "sort", value: query.sort.rawValue)) }
        if page != 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
        guard !items.isEmpty else { return base }
        var components = URLComponents()
        components.queryItems = items
        // URLComponents leaves `+` alone, which a form decoder reads as a space.
        return base + "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    static func invalid(_ name: String) -> Rejection {
        Rejection(code: Reasons.requestInvalid, summary: Reasons.summary(of: Reasons.requestInvalid), detail: "bad \(name) parameter")
    }
}
